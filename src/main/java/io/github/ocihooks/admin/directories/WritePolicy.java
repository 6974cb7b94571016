package io.github.ocihooks.admin.directories;

import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.HookReader;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;

import org.springframework.stereotype.Component;

/**
 * What this service refuses to write although the runtime would read it: relative paths
 * and {@code ..} always; {@code hooks.policy.allowed-path-prefixes} and
 * {@code hooks.policy.require-timeout} when set.
 */
@Component
public class WritePolicy {

	private final HooksProperties.Policy policy;

	public WritePolicy(HooksProperties properties) {
		this.policy = properties.policy();
	}

	/**
	 * The policy's objections to content (none when it cannot be read: the runtime's
	 * reading reports that).
	 */
	public List<Problem> violations(byte[] content) {
		List<Problem> problems = new ArrayList<>();
		HookReader.Result read = HookReader.read(content);
		if (!read.ok()) {
			return problems;
		}
		String path = read.definition().hook().path();
		if (!path.startsWith("/")) {
			problems.add(Problem.of(Severity.ERROR, "policy-relative-path", "/hook/path", 0,
					"hook.path must be absolute: a relative path depends on the runtime's working directory"));
		}
		else if (("/" + path + "/").contains("/../")) {
			problems
				.add(Problem.of(Severity.ERROR, "policy-dotdot", "/hook/path", 0, "hook.path must not contain \"..\""));
		}
		else if (!this.policy.allowedPathPrefixes().isEmpty()
				&& this.policy.allowedPathPrefixes().stream().noneMatch(path::startsWith)) {
			problems.add(Problem.of(Severity.ERROR, "policy-path-prefix", "/hook/path", 0,
					"hook.path " + path + " is outside the allowed prefixes " + this.policy.allowedPathPrefixes()
							+ " (hooks.policy.allowed-path-prefixes)"));
		}
		if (this.policy.requireTimeout() && read.definition().hook().timeout() == null) {
			problems.add(Problem.of(Severity.ERROR, "policy-timeout", "/hook/timeout", 0,
					"hook.timeout is required (hooks.policy.require-timeout)"));
		}
		return problems;
	}

}
