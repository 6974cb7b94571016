package io.github.ocihooks.admin.engine.precreate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.OciHook;
import tools.jackson.databind.JsonNode;

/**
 * Runs {@code precreate} hooks over a proposed runtime configuration, as podman does
 * through containers/common {@code exec.RuntimeConfigFilterWithOptions}: every hook gets
 * the configuration on stdin and must print a (possibly changed) configuration on stdout,
 * which is what the next hook gets, byte for byte; the last output is what the runtime
 * would receive. The first failing hook (failure to start, non-zero exit, timeout, output
 * that is not a JSON object) stops the chain; the hooks after it do not run.
 * <p>
 * The first hook gets the configuration compacted as Go's {@code json.Marshal} writes it
 * (keys in the given order: podman would write the fields in {@code specs.Spec} order and
 * drop unknown ones). The reference would carry on with an empty configuration when a
 * hook prints {@code null}; here that is an error like any other non-object. Hook numbers
 * in messages start at 0, as in the reference.
 * <p>
 * Stateless and thread-safe: concurrent calls share nothing but the operating system.
 * Each hook runs in its own temporary working directory with three helper threads for its
 * pipes; see {@link HookProcess} for the details.
 */
public class ConfigFilterChain {

	/**
	 * Runs the chain over configuration text.
	 * @param configJson the proposed configuration, a JSON object in UTF-8
	 * @param hooks the precreate hooks, in order
	 * @param options limits
	 * @return what every hook that ran did, and the final configuration or the error
	 * @throws IllegalArgumentException when the configuration is not a JSON object
	 */
	public Result run(byte[] configJson, List<OciHook> hooks, Options options) {
		JsonNode config;
		try {
			config = ConfigJson.parse(configJson);
		}
		catch (GoJson.SyntaxException ex) {
			throw new IllegalArgumentException("configuration is not JSON: " + ex.getMessage(), ex);
		}
		return run(config, hooks, options);
	}

	/**
	 * Runs the chain over configuration text.
	 * @param configJson the proposed configuration, a JSON object
	 * @param hooks the precreate hooks, in order
	 * @param options limits
	 * @return what every hook that ran did, and the final configuration or the error
	 * @throws IllegalArgumentException when the configuration is not a JSON object
	 */
	public Result run(String configJson, List<OciHook> hooks, Options options) {
		return run(configJson.getBytes(StandardCharsets.UTF_8), hooks, options);
	}

	/**
	 * Runs the chain over a configuration tree (not modified).
	 * @param config the proposed configuration, a JSON object
	 * @param hooks the precreate hooks, in order
	 * @param options limits
	 * @return what every hook that ran did, and the final configuration or the error
	 * @throws IllegalArgumentException when the configuration is not a JSON object
	 */
	public Result run(JsonNode config, List<OciHook> hooks, Options options) {
		Objects.requireNonNull(config, "config");
		Objects.requireNonNull(hooks, "hooks");
		Objects.requireNonNull(options, "options");
		if (!config.isObject()) {
			throw new IllegalArgumentException("configuration is not a JSON object");
		}
		byte[] data = ConfigJson.write(config);
		JsonNode current = config.deepCopy();
		List<Step> steps = new ArrayList<>();
		for (int i = 0; i < hooks.size(); i++) {
			OciHook hook = hooks.get(i);
			List<String> argv = HookProcess.argv(hook);
			HookProcess.Outcome outcome = HookProcess.run(hook, data, options);
			String error = outcome.error();
			JsonNode output = null;
			if (error == null) {
				try {
					output = ConfigJson.parse(outcome.stdout());
					if (!output.isObject()) {
						error = "unmarshal output: " + notAnObject(output);
						output = null;
					}
				}
				catch (GoJson.SyntaxException ex) {
					error = "unmarshal output: " + ex.getMessage();
				}
			}
			List<JsonPatchOperation> patch = (output != null) ? JsonPatchDiff.diff(current, output) : null;
			steps.add(new Step(i, hook.path(), argv, outcome.exitStatus(), outcome.durationMillis(), outcome.timedOut(),
					outcome.stderr(), patch, error));
			if (error != null) {
				String message = "precreate hook " + i + " (" + hook.path() + "): " + error;
				return new Result(List.copyOf(steps), null, null, message);
			}
			data = outcome.stdout();
			current = output;
		}
		return new Result(List.copyOf(steps), current, new String(data, StandardCharsets.UTF_8), null);
	}

	/** Go's {@code json.Unmarshal} into a struct, for a value that is not an object. */
	private static String notAnObject(JsonNode value) {
		if (value.isNull()) {
			return "null is not a JSON object (the runtime would go on with an empty configuration)";
		}
		String kind = value.isArray() ? "array" : value.isString() ? "string" : value.isNumber() ? "number" : "bool";
		return "json: cannot unmarshal " + kind + " into Go value of type specs.Spec";
	}

	/**
	 * Limits for running the chain.
	 *
	 * @param postKillTimeout how long to wait for a killed hook to be reaped (the
	 * reference's {@code PostKillTimeout}, default 10 s); also how long to wait for a
	 * finished hook's output pipes to close
	 * @param stdoutLimit the most bytes a hook may print on stdout; one more is an error
	 * and kills the hook (default 16 MiB)
	 * @param stderrTail how many bytes of the end of stderr to keep (default 64 KiB)
	 */
	public record Options(Duration postKillTimeout, long stdoutLimit, int stderrTail) {

		/** The reference's {@code DefaultPostKillTimeout}. */
		public static final Duration DEFAULT_POST_KILL_TIMEOUT = Duration.ofSeconds(10);

		/** 16 MiB. */
		public static final long DEFAULT_STDOUT_LIMIT = 16L * 1024 * 1024;

		/** 64 KiB. */
		public static final int DEFAULT_STDERR_TAIL = 64 * 1024;

		public Options {
			Objects.requireNonNull(postKillTimeout, "postKillTimeout");
			if (postKillTimeout.isNegative()) {
				throw new IllegalArgumentException("postKillTimeout must not be negative");
			}
			if (stdoutLimit < 0) {
				throw new IllegalArgumentException("stdoutLimit must not be negative");
			}
			if (stderrTail < 0) {
				throw new IllegalArgumentException("stderrTail must not be negative");
			}
		}

		/** The defaults: 10 s, 16 MiB, 64 KiB. */
		public static Options defaults() {
			return new Options(DEFAULT_POST_KILL_TIMEOUT, DEFAULT_STDOUT_LIMIT, DEFAULT_STDERR_TAIL);
		}

	}

	/**
	 * What one hook did.
	 *
	 * @param index position in the chain, from 0
	 * @param path the hook's executable
	 * @param args the command line as the reference runs it: the hook's {@code args}, or
	 * {@code [path]} when empty
	 * @param exitStatus the exit status (128 + signal when killed by a signal), or null
	 * when it did not start or was not reaped
	 * @param durationMillis from start to exit (or to the kill and reap)
	 * @param timedOut whether the hook's {@code timeout} killed it
	 * @param stderr the end of its stderr (UTF-8, malformed bytes replaced)
	 * @param patch RFC 6902 patch from this hook's input to its output; null when it
	 * failed
	 * @param error why it failed, or null
	 */
	public record Step(int index, String path, List<String> args, Integer exitStatus, long durationMillis,
			boolean timedOut, String stderr, List<JsonPatchOperation> patch, String error) {

		public Step {
			args = List.copyOf(args);
			patch = (patch != null) ? List.copyOf(patch) : null;
		}

	}

	/**
	 * The outcome of a chain.
	 *
	 * @param steps the hooks that ran, in order; a failing hook is the last
	 * @param finalConfig the configuration the runtime would receive (the last hook's
	 * output, or the input when there are no hooks); null when the chain failed
	 * @param finalConfigJson the text of {@code finalConfig}, exactly as the last hook
	 * printed it; null when the chain failed
	 * @param error {@code precreate hook N (PATH): REASON} for the failing hook, or null
	 */
	public record Result(List<Step> steps, JsonNode finalConfig, String finalConfigJson, String error) {

		/** Whether every hook succeeded. */
		public boolean succeeded() {
			return this.error == null;
		}

	}

}
