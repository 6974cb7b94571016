package io.github.ocihooks.admin.podman;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.ocihooks.admin.engine.OciHook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks the running service, as a client would: the packaged jar runs as its own process
 * with {@code CONTAINERS_CONF} pointing at one file; each situation's containers.conf is
 * copied there and {@code POST /api/v1/reload} makes the service detect podman again;
 * then {@code POST /api/v1/preview} with {@code "profile": "podman"}. For
 * {@code --hooks-dir} situations, which no detection can see, the service runs with a
 * configured profile ({@code hooks.profiles[0]}: id {@code podman}, those directories),
 * as an admin would set it.
 */
final class HttpPredictor implements Predictor, AutoCloseable {

	private static final String PASSWORD = "real-podman-http";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path work;

	private final Path conf;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Process process;

	private List<String> cliDirs;

	private int port;

	private String lastVerdict;

	HttpPredictor(Path work) throws IOException {
		this.work = Files.createDirectories(work);
		this.conf = work.resolve("containers.conf");
		Files.writeString(this.conf, "[engine]\n");
	}

	@Override
	public String name() {
		return "HTTP (POST /api/v1/preview, profile podman, packaged jar)";
	}

	/**
	 * The service's verdict for podman in the last prediction ({@code WORKS},
	 * {@code REFUSES_EVERY_CONTAINER}, ...).
	 */
	String lastVerdict() {
		return this.lastVerdict;
	}

	/**
	 * Takes the situation's containers.conf (as podman gets it) before {@link #predict}.
	 */
	void prepare(PodmanSituation situation, Path situationConf) throws Exception {
		List<String> cli = new ArrayList<>();
		for (String value : situation.cliHooksDirs()) {
			cli.addAll(List.of(value.split(",", -1)));
		}
		if (this.process == null || !cli.equals(this.cliDirs)) {
			stop();
			start(cli);
		}
		Files.writeString(this.conf, Files.readString(situationConf));
		HttpResponse<String> reload = send(request("/api/v1/reload").POST(HttpRequest.BodyPublishers.noBody()));
		if (reload.statusCode() != 200) {
			throw new IllegalStateException("reload: " + reload.statusCode() + " " + reload.body());
		}
	}

	@Override
	public Prediction predict(PodmanSituation situation, PodmanUnderTest podman) throws Exception {
		ObjectNode body = JSON.createObjectNode();
		ObjectNode config = body.putObject("config");
		ArrayNode args = config.putObject("process").putArray("args");
		situation.container().command().forEach(args::add);
		Map<String, String> annotations = new LinkedHashMap<>(podman.annotations(situation.container().command()));
		annotations.putAll(situation.container().annotations());
		ObjectNode a = config.putObject("annotations");
		annotations.forEach(a::put);
		ArrayNode mounts = config.putArray("mounts");
		for (PodmanSituation.Flag flag : situation.container().volumes()) {
			ObjectNode m = mounts.addObject();
			m.put("destination", destination(flag));
			m.put("type", flag.flag().equals("--tmpfs") ? "tmpfs" : "bind");
		}
		body.put("profile", "podman");
		HttpResponse<String> response = send(
				request("/api/v1/preview?explain=false").header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("preview: " + response.statusCode() + " " + response.body());
		}
		JsonNode answer = JSON.readTree(response.body());
		this.lastVerdict = null;
		for (JsonNode r : answer.get("runtimes")) {
			if (r.get("profile").asString().equals("podman")) {
				this.lastVerdict = r.get("verdict").asString();
			}
		}
		JsonNode inputs = answer.get("inputs");
		String explanation = "service: " + inputs.get("loadMode").get("value").asString() + ", prestart as "
				+ inputs.get("prestartStage").get("value").asString() + ", hasBindMounts="
				+ inputs.get("hasBindMounts").get("value").asBoolean() + ", verdict " + this.lastVerdict;
		JsonNode error = answer.get("runtimeError");
		if (error != null && !error.isNull()) {
			return new Prediction(null, Map.of(), error.get("message").asString(), explanation);
		}
		Map<String, List<OciHook>> ext = hooks(answer.get("extensionStageHooks"));
		return new Prediction(hooks(answer.get("hooks")), (ext != null) ? ext : Map.of(), null, explanation);
	}

	private static String destination(PodmanSituation.Flag flag) {
		String v = flag.value();
		if (flag.flag().equals("--mount")) {
			for (String part : v.split(",")) {
				String[] kv = part.split("=", 2);
				if (kv.length == 2 && List.of("destination", "dst", "target").contains(kv[0])) {
					return kv[1];
				}
			}
			return "/mounted";
		}
		String[] parts = v.split(":");
		if (flag.flag().equals("--tmpfs")) {
			return parts[0];
		}
		return (parts.length >= 2) ? parts[1] : parts[0];
	}

	private static Map<String, List<OciHook>> hooks(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		Map<String, List<OciHook>> out = new LinkedHashMap<>();
		for (String stage : node.propertyNames()) {
			List<OciHook> list = new ArrayList<>();
			for (JsonNode h : node.get(stage)) {
				list.add(new OciHook(h.get("path").asString(), strings(h.get("args")), strings(h.get("env")),
						(h.get("timeout") != null && !h.get("timeout").isNull()) ? h.get("timeout").asLong() : null));
			}
			out.put(stage, list);
		}
		return out;
	}

	private static List<String> strings(JsonNode array) {
		if (array == null || array.isNull()) {
			return null;
		}
		List<String> out = new ArrayList<>();
		array.forEach((n) -> out.add(n.asString()));
		return out;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void start(List<String> cli) throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
						jar().toString(), "--server.port=" + this.port, "--server.address=127.0.0.1",
						"--hooks.state-dir=" + this.work.resolve("state"), "--hooks.admin.password=" + PASSWORD,
						"--hooks.watch.mode=off", "--spring.main.banner-mode=off"));
		if (!cli.isEmpty()) {
			command.add("--hooks.profiles[0].id=podman");
			for (int i = 0; i < cli.size(); i++) {
				command.add("--hooks.profiles[0].directories[" + i + "]=" + cli.get(i));
			}
		}
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.work.resolve("service.log").toFile());
		pb.environment().put("CONTAINERS_CONF", this.conf.toString());
		pb.environment().remove("CONTAINERS_CONF_OVERRIDE");
		this.process = pb.start();
		this.cliDirs = cli;
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the service stopped; see " + this.work.resolve("service.log"));
			}
			try {
				if (send(request("/actuator/health").GET()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("the service did not start in 180 s; see " + this.work.resolve("service.log"));
	}

	private static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((p) -> p.getFileName().toString().matches("oci-hooks-admin-.*\\.jar"))
				.filter((p) -> !p.getFileName().toString().contains("plain"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no packaged jar in target/: run mvn package first"));
		}
	}

	private void stop() throws InterruptedException {
		if (this.process != null) {
			this.process.destroy();
			this.process.waitFor();
			this.process = null;
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

}
