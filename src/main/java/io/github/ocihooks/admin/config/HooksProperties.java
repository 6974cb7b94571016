package io.github.ocihooks.admin.config;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code hooks.*}. Other tools rely on these names: do not rename them.
 *
 * @param directories hook directories in <em>increasing</em> precedence: a file in a later directory masks the file of
 * the same name in an earlier one (like podman's repeated {@code --hooks-dir})
 * @param extensionStages stages the consumer handles itself instead of injecting them into the OCI config (podman:
 * {@code precreate}, {@code poststop}; CRI-O: none)
 * @param admin the built-in {@code admin} user
 */
@ConfigurationProperties("hooks")
public record HooksProperties(
		@DefaultValue({ "/usr/share/containers/oci/hooks.d", "/etc/containers/oci/hooks.d" }) List<Path> directories,
		@DefaultValue({ "precreate", "poststop" }) List<String> extensionStages,
		@DefaultValue Admin admin) {

	/**
	 * @param password password of user {@code admin} (env {@code HOOKS_ADMIN_PASSWORD}); when empty outside the demo
	 * profile a random one is generated and printed once at start
	 */
	public record Admin(String password) {
	}

}
