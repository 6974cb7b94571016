package io.github.ocihooks.admin.podman;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.ocihooks.admin.engine.OciHook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares what podman did with what was predicted: refusal (and podman's error text),
 * the {@code hooks} of the generated config.json exactly (Go's {@code rspec.Hook} JSON:
 * {@code args}/{@code env} omitted when empty, {@code timeout} when absent), the
 * extension-stage hooks podman ran itself (which, how many times, in which order), and
 * that every injected OCI hook ran as often as it was injected. Also checks the facts the
 * prediction assumed about the container: its command and podman's own annotations.
 */
final class Comparison {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PREFIX = "setting up OCI Hooks: ";

	private Comparison() {
	}

	static List<String> compare(PodmanSituation situation, Prediction predicted, PodmanRunner.Observation observed,
			PodmanUnderTest podman) {
		List<String> diffs = new ArrayList<>();
		if (predicted.runtimeError() != null) {
			if (observed.exitCode() == 0 || observed.config() != null) {
				diffs.add("podman created the container (exit " + observed.exitCode() + "), predicted a refusal: "
						+ predicted.runtimeError());
			}
			else if (!observed.stderr().contains(PREFIX + predicted.runtimeError())) {
				diffs.add("podman refused with another error:\n      podman:    " + observed.stderr().trim()
						+ "\n      predicted: Error: " + PREFIX + predicted.runtimeError());
			}
			if (!observed.runs().isEmpty()) {
				diffs.add("hooks ran although the container was refused: " + observed.runs());
			}
			return diffs;
		}
		if (observed.exitCode() != 0 || observed.config() == null) {
			diffs.add("podman failed (exit " + observed.exitCode() + ", config.json "
					+ ((observed.config() != null) ? "written" : "absent") + "), predicted success: "
					+ observed.stderr().trim());
			return diffs;
		}
		JsonNode config = observed.config();
		JsonNode expectedHooks = goJson(predicted.hooks());
		if (!Objects.equals(config.get("hooks"), expectedHooks)) {
			diffs.add("config.json hooks differ:\n      podman:    " + config.get("hooks") + "\n      predicted: "
					+ expectedHooks);
		}
		List<String> args = new ArrayList<>();
		config.path("process").path("args").forEach(a -> args.add(a.asString()));
		if (!args.equals(situation.container().command())) {
			diffs.add("process.args " + args + " is not the command " + situation.container().command());
		}
		Map<String, String> expectedAnnotations = new TreeMap<>(podman.annotations(situation.container().command()));
		expectedAnnotations.putAll(situation.container().annotations());
		Map<String, String> annotations = new TreeMap<>();
		config.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asString()));
		if (annotations.containsKey(PodmanUnderTest.CREATED)) {
			annotations.put(PodmanUnderTest.CREATED, expectedAnnotations.get(PodmanUnderTest.CREATED));
		}
		if (!annotations.equals(expectedAnnotations)) {
			diffs.add("annotations " + annotations + " are not podman's own plus the user's " + expectedAnnotations);
		}
		for (String stage : EnginePredictor.EXTENSION_STAGES) {
			List<String> expected = identities(predicted.extensionStageHooks().getOrDefault(stage, List.of()));
			List<String> ran = new ArrayList<>();
			for (PodmanRunner.Run run : observed.runs()) {
				if (run.kind().equals(stage)) {
					ran.add(identity(run.script(), run.args()));
				}
			}
			if (!ran.equals(expected)) {
				diffs.add(stage + " hooks podman ran differ:\n      podman:    " + ran + "\n      predicted: "
						+ expected);
			}
		}
		List<String> injected = new ArrayList<>();
		if (predicted.hooks() != null) {
			predicted.hooks().values().forEach(list -> injected.addAll(identities(list)));
		}
		List<String> ranOci = new ArrayList<>();
		for (PodmanRunner.Run run : observed.runs()) {
			if (run.kind().equals("oci")) {
				ranOci.add(identity(run.script(), run.args()));
			}
		}
		injected.sort(null);
		ranOci.sort(null);
		if (!ranOci.equals(injected)) {
			diffs.add("OCI hooks the runtime ran differ from those injected:\n      ran:      " + ranOci
					+ "\n      injected: " + injected);
		}
		return diffs;
	}

	/** Go's JSON of {@code rspec.Hooks}: stages in field order, empty ones omitted. */
	static JsonNode goJson(Map<String, List<OciHook>> hooks) {
		if (hooks == null) {
			return null;
		}
		Map<String, Object> out = new LinkedHashMap<>();
		hooks.forEach((stage, list) -> {
			List<Object> hs = new ArrayList<>();
			for (OciHook h : list) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("path", h.path());
				if (h.args() != null && !h.args().isEmpty()) {
					m.put("args", h.args());
				}
				if (h.env() != null && !h.env().isEmpty()) {
					m.put("env", h.env());
				}
				if (h.timeout() != null) {
					m.put("timeout", h.timeout());
				}
				hs.add(m);
			}
			if (!hs.isEmpty()) {
				out.put(stage, hs);
			}
		});
		return JSON.readTree(JSON.writeValueAsString(out));
	}

	private static List<String> identities(List<OciHook> hooks) {
		List<String> out = new ArrayList<>();
		for (OciHook h : hooks) {
			List<String> args = (h.args() == null || h.args().isEmpty()) ? List.of()
					: h.args().subList(1, h.args().size());
			out.add(identity(h.path(), args));
		}
		return out;
	}

	private static String identity(String script, List<String> args) {
		String name = script.substring(script.lastIndexOf('/') + 1);
		return args.isEmpty() ? name : name + " " + String.join(" ", args);
	}

}
