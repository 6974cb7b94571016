package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * An OCI runtime hook ({@code rspec.Hook}): what gets injected into {@code config.json}.
 *
 * @param path absolute path of the executable, run in the runtime namespace
 * @param args argv, including argv[0]; null when absent
 * @param env environment in {@code KEY=value} form; null when absent
 * @param timeout seconds before the runtime kills the hook; null when absent (Go's
 * {@code *int}, 64-bit)
 */
public record OciHook(String path, List<String> args, List<String> env, Long timeout) {

	public OciHook {
		args = (args != null) ? List.copyOf(args) : null;
		env = (env != null) ? List.copyOf(env) : null;
	}

}
