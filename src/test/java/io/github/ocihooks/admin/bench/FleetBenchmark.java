package io.github.ocihooks.admin.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.fleet.Fleet;
import io.github.ocihooks.admin.fleet.FleetPreview;
import io.github.ocihooks.admin.fleet.FleetProperties;
import io.github.ocihooks.admin.fleet.NodeReport;
import io.github.ocihooks.admin.fleet.NodeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub against 1,000 simulated node services ({@code ./mvnw -Pbench -DskipTests verify
 * -Dbench.main=io.github.ocihooks.admin.bench.FleetBenchmark -Dbench.xmx=512m}; see the
 * README, "Fleet"). The nodes are one JDK {@link HttpServer} on a loopback port answering
 * {@code /n/NNNN/api/v1/node} and {@code /n/NNNN/api/v1/node/set} for 1,000 paths, with
 * realistic reports (30 hooks each, 5 distinct sets, reports and sets built by the engine
 * from generated definitions) and ETag/304 as the real node does. The hub is the real
 * {@link Fleet} and {@link FleetPreview}, as in hub mode, polling with the default
 * {@code max-concurrent} (32) and timeout. Server and hub share this JVM and its cores;
 * results go to stdout and {@code target/fleet-benchmark.md}.
 * <p>
 * Measured twice: with kept-alive connections (the steady state against real nodes: the
 * JDK client keeps a node's connection 30 s, longer than the 10 s poll interval) and with
 * {@code Connection: close} on every answer (a new TCP connection per node per round, the
 * worst case; with one simulated server, kept-alive connections are shared by all 1,000
 * "nodes", which real nodes would not allow).
 */
public final class FleetBenchmark {

	static final int NODES = 1_000;

	static final int SETS = 5;

	static final int HOOKS = 30;

	static final List<String> STAGES = List.of("precreate", "poststop");

	static final List<String> DIRECTORIES = List.of("/usr/share/containers/oci/hooks.d", "/etc/containers/oci/hooks.d");

	static final String CONFIG = "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"/usr/sbin/init\"]}, "
			+ "\"annotations\": {\"com.example.gpu\": \"true\", \"io.kubernetes.cri-o.ContainerType\": \"container\"}, "
			+ "\"mounts\": [{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/srv/data\", "
			+ "\"options\": [\"rbind\"]}]}";

	private final JsonMapper json = JsonMapper.builder().build();

	private final StringBuilder report = new StringBuilder();

	/**
	 * One distinct set: its node set (bytes of active files) and the directories part of
	 * a report.
	 */
	record SetData(String hash, NodeSet nodeSet, byte[] nodeSetJson, List<NodeReport.Directory> directories,
			Map<String, Integer> counts) {
	}

	/** What one simulated node answers. */
	static final class SimNode {

		volatile int set;

		volatile long generation = 1;

		volatile byte[] body;

		volatile String etag;

	}

	private final SetData[] sets = new SetData[SETS];

	private final SimNode[] nodes = new SimNode[NODES];

	private volatile boolean close;

	public static void main(String[] args) throws Exception {
		new FleetBenchmark().run();
		System.exit(0);
	}

	void run() throws Exception {
		for (int s = 0; s < SETS; s++) {
			this.sets[s] = set(s);
		}
		for (int i = 0; i < NODES; i++) {
			this.nodes[i] = new SimNode();
			this.nodes[i].set = i % SETS;
			render(i);
		}
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		ExecutorService serverThreads = Executors.newFixedThreadPool(8);
		server.setExecutor(serverThreads);
		server.createContext("/n/", this::handle);
		server.start();
		int port = server.getAddress().getPort();
		List<URI> members = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			members.add(URI.create("http://127.0.0.1:" + port + "/n/" + String.format("%04d", i)));
		}
		long heapBefore = usedHeapAfterGc();
		FleetProperties properties = new FleetProperties("", true, members, "", 8080, "http", Duration.ofSeconds(30),
				"admin", "bench", Duration.ofHours(1), Duration.ofSeconds(3), 32);
		Fleet fleet = new Fleet(properties);
		FleetPreview preview = new FleetPreview(fleet);
		line("# Fleet benchmark");
		line("");
		line("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
				+ System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
				+ " MiB. " + NODES + " simulated nodes (one JDK HttpServer, 1,000 paths, 8 threads, same JVM), " + HOOKS
				+ " hooks per node, " + SETS + " distinct sets; hub max-concurrent " + properties.maxConcurrent()
				+ ", timeout " + properties.timeout().toSeconds() + " s.");
		line("");
		line("| measurement | connections | median | max | detail |");
		line("|---|---|---:|---:|---|");
		Fleet.Refresh first = fleet.refresh();
		check(first.changed() == NODES, "first round: every node answers 200: " + first);
		line("| first refresh, every node new (200) | kept alive | " + first.tookMillis() + " ms | | " + first.changed()
				+ " reports read |");
		for (boolean closing : new boolean[] { false, true }) {
			this.close = closing;
			String mode = closing ? "closed each time" : "kept alive";
			List<Long> unchanged = new ArrayList<>();
			for (int round = 0; round < 11; round++) {
				Fleet.Refresh r = fleet.refresh();
				check(r.unchanged() == NODES, "nothing changed: every node answers 304: " + r);
				if (round > 0) {
					unchanged.add(r.tookMillis());
				}
			}
			line("| full refresh, nothing changed (1,000 × 304) | " + mode + " | " + median(unchanged) + " ms | "
					+ max(unchanged) + " ms | 10 rounds |");
			Random random = new Random(42);
			List<Long> tenPercent = new ArrayList<>();
			for (int round = 0; round < 10; round++) {
				for (int k = 0; k < NODES / 10; k++) {
					int i = random.nextInt(NODES);
					while (this.nodes[i].generation > round + 1L) {
						i = (i + 1) % NODES;
					}
					this.nodes[i].set = (this.nodes[i].set + 1) % SETS;
					this.nodes[i].generation = round + 2L;
					render(i);
				}
				Fleet.Refresh r = fleet.refresh();
				check(r.changed() == NODES / 10 && r.failed() == 0, "10 % changed: " + r);
				tenPercent.add(r.tookMillis());
			}
			line("| full refresh, 10 % changed (100 × 200, 900 × 304) | " + mode + " | " + median(tenPercent) + " ms | "
					+ max(tenPercent) + " ms | 10 rounds |");
			for (SimNode n : this.nodes) {
				n.generation = 1;
			}
			for (int i = 0; i < NODES; i++) {
				render(i);
			}
			fleet.refresh();
		}
		this.close = false;
		check(fleet.drift().groups().size() == SETS, "5 groups");
		ContainerConfig config = ContainerConfig.parse(GoJson.parse(CONFIG));
		FleetPreview.Input input = new FleetPreview.Input(config, null, null, null);
		long t0 = System.nanoTime();
		List<FleetPreview.GroupPreview> cold = preview.preview(input);
		long coldMillis = (System.nanoTime() - t0) / 1_000_000;
		check(cold.size() == SETS && cold.stream().allMatch(g -> g.result() != null), "5 previews: " + cold);
		line("| fleet preview, 1,000 nodes in 5 sets, first (fetches 5 sets) | kept alive | " + coldMillis + " ms | | "
				+ cold.stream().mapToInt(g -> g.group().nodes().size()).sum() + " nodes covered |");
		List<Long> warm = new ArrayList<>();
		for (int k = 0; k < 200; k++) {
			long s = System.nanoTime();
			preview.preview(input);
			if (k >= 50) {
				warm.add((System.nanoTime() - s) / 1_000);
			}
		}
		line("| fleet preview, 1,000 nodes in 5 sets, sets cached | | " + String.format("%.2f", median(warm) / 1000.0)
				+ " ms | " + String.format("%.2f", max(warm) / 1000.0) + " ms | 150 runs after 50 warm-up |");
		List<Long> drift = new ArrayList<>();
		for (int k = 0; k < 60; k++) {
			long s = System.nanoTime();
			fleet.drift();
			if (k >= 10) {
				drift.add((System.nanoTime() - s) / 1_000);
			}
		}
		line("| drift matrix of 1,000 nodes | | " + String.format("%.2f", median(drift) / 1000.0) + " ms | "
				+ String.format("%.2f", max(drift) / 1000.0) + " ms | 50 runs |");
		long heapAfter = usedHeapAfterGc();
		long peak = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
			.mapToLong(p -> p.getPeakUsage().getUsed())
			.sum();
		line("| heap after GC: whole JVM (hub + simulated nodes) / held by the hub's state | | " + (heapAfter >> 20)
				+ " MiB / " + ((heapAfter - heapBefore) >> 20) + " MiB | | peak sum of heap pools " + (peak >> 20)
				+ " MiB, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB |");
		fleet.stop();
		server.stop(0);
		serverThreads.shutdownNow();
		Path out = Path.of("target", "fleet-benchmark.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, this.report.toString());
		System.out.println("Written to " + out);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String[] parts = path.split("/");
			// /n/NNNN/api/v1/node[/set]
			int i = Integer.parseInt(parts[2]);
			SimNode node = this.nodes[i];
			if (this.close) {
				exchange.getResponseHeaders().set("Connection", "close");
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			if (path.endsWith("/node/set")) {
				byte[] body = this.sets[node.set].nodeSetJson();
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream os = exchange.getResponseBody()) {
					os.write(body);
				}
				return;
			}
			String etag = node.etag;
			byte[] body = node.body;
			if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
				exchange.getResponseHeaders().set("ETag", etag);
				exchange.sendResponseHeaders(304, -1);
				return;
			}
			exchange.getResponseHeaders().set("ETag", etag);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream os = exchange.getResponseBody()) {
				os.write(body);
			}
		}
	}

	private void render(int i) {
		SimNode n = this.nodes[i];
		SetData set = this.sets[n.set];
		NodeReport report = new NodeReport(String.format("node-%04d", i), n.generation, Instant.now(), set.hash(),
				set.counts(), new NodeReport.Verdict(false, null, 0), List.of(), STAGES, set.directories());
		n.body = this.json.writeValueAsBytes(report);
		n.etag = report.etag();
	}

	/**
	 * Set {@code s}: 30 hooks (annotation, command, always and bind-mount conditions),
	 * two of them its own.
	 */
	private SetData set(int s) {
		List<NodeSet.SetFile> files = new ArrayList<>();
		for (int k = 0; k < HOOKS; k++) {
			String name = String.format("%02d-hook-%d.json", k, k);
			String variant = (k == s * 2 || k == s * 2 + 1) ? "set-" + s : "common";
			String when = switch (k % 4) {
				case 0 -> "{\"annotations\": {\"^com\\\\.example\\\\.gpu$\": \"^true$\"}}";
				case 1 -> "{\"commands\": [\"^/usr/sbin/init$\", \"sh$\"]}";
				case 2 -> "{\"always\": true}";
				default ->
					"{\"hasBindMounts\": true, \"annotations\": {\"^io\\\\.kubernetes\\\\.cri-o\\\\.ContainerType$\": \"^container$\"}}";
			};
			String stage = (k % 5 == 0) ? "poststop" : (k % 3 == 0) ? "createContainer" : "prestart";
			String text = "{\n  \"version\": \"1.0.0\",\n  \"hook\": {\"path\": \"/usr/libexec/oci/hooks.d/hook-" + k
					+ "\", \"args\": [\"hook-" + k + "\", \"" + variant + "\"], \"timeout\": 10},\n  \"when\": " + when
					+ ",\n  \"stages\": [\"" + stage + "\"]\n}\n";
			files.add(new NodeSet.SetFile((k < 20) ? 0 : 1, name,
					Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
		}
		StringBuilder all = new StringBuilder();
		files.forEach(f -> all.append(f.name()).append(':').append(f.content()).append('\n'));
		String hash = HookLoader.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
		NodeSet nodeSet = new NodeSet(hash, STAGES, DIRECTORIES, files);
		Snapshot snapshot = FleetPreview.snapshot(nodeSet);
		List<Map<String, NodeReport.FileEntry>> byDir = List.of(new TreeMap<>(), new TreeMap<>());
		int active = 0;
		for (FileState state : snapshot.resolution().files()) {
			byDir.get(state.file().directoryIndex())
				.put(state.name(), new NodeReport.FileEntry(state.file().sha256(),
						state.status().name().toLowerCase(java.util.Locale.ROOT), state.blocksRuntime()));
			active++;
		}
		check(active == HOOKS && snapshot.resolution().loadError() == null, "set " + s + " is valid");
		List<NodeReport.Directory> directories = List.of(
				new NodeReport.Directory("usr-share-containers-oci-hooks.d", DIRECTORIES.get(0), 0, true, false, null,
						byDir.get(0)),
				new NodeReport.Directory("etc-containers-oci-hooks.d", DIRECTORIES.get(1), 1, true, true, null,
						byDir.get(1)));
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("active", active);
		for (String k : List.of("masked", "invalid", "skipped", "ignored")) {
			counts.put(k, 0);
		}
		return new SetData(hash, nodeSet, this.json.writeValueAsBytes(nodeSet), directories, counts);
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static long median(List<Long> values) {
		long[] a = values.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(a);
		return a[a.length / 2];
	}

	private static long max(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).max().orElse(0);
	}

	private static void check(boolean condition, String what) {
		if (!condition) {
			throw new IllegalStateException("benchmark check failed: " + what);
		}
	}

	private void line(String s) {
		System.out.println(s);
		this.report.append(s).append('\n');
	}

}
