package io.github.ocihooks.admin.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.OciHooksAdminApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code hooks.users[].role} binds to {@link Role} in any case (an empty one is the
 * default, {@code VIEWER}); an unknown role stops the start, naming the property, the
 * value and the enum.
 */
class UserRoleBindingTests {

	@TempDir
	Path root;

	@Test
	void rolesBindInAnyCaseAndDefaultToViewer() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("hooks.users[0].name", "alice");
		values.put("hooks.users[0].password", "x");
		values.put("hooks.users[0].role", "admin");
		values.put("hooks.users[1].name", "bob");
		values.put("hooks.users[1].password", "x");
		values.put("hooks.users[1].role", " Editor ");
		values.put("hooks.users[2].name", "carol");
		values.put("hooks.users[2].password", "x");
		values.put("hooks.users[3].name", "dave");
		values.put("hooks.users[3].password", "x");
		values.put("hooks.users[3].role", "");
		List<HooksProperties.User> users = new Binder(List.of(new MapConfigurationPropertySource(values)), null,
				ApplicationConversionService.getSharedInstance())
			.bind("hooks.users", Bindable.listOf(HooksProperties.User.class))
			.get();
		assertThat(users).extracting(HooksProperties.User::role)
			.containsExactly(Role.ADMIN, Role.EDITOR, Role.VIEWER, Role.VIEWER);
	}

	@Test
	void anUnknownRoleStopsTheStartNamingThePropertyAndTheValue() {
		assertThatThrownBy(() -> start("superuser")).hasStackTraceContaining("hooks.users[0].role")
			.hasStackTraceContaining("superuser")
			.hasStackTraceContaining(Role.class.getName());
	}

	private void start(String role) {
		new SpringApplicationBuilder(OciHooksAdminApplication.class)
			.run("--server.port=0", "--hooks.directories=" + this.root.resolve("hooks"), "--hooks.admin.password=x",
					"--hooks.state-dir=" + this.root.resolve("state"), "--hooks.watch.mode=off",
					"--spring.main.banner-mode=off", "--hooks.users[0].name=alice",
					"--hooks.users[0].password={noop}secret", "--hooks.users[0].role=" + role)
			.close();
	}

}
