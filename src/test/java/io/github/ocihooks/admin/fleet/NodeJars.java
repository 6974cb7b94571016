package io.github.ocihooks.admin.fleet;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real node services: the packaged jar ({@code target/oci-hooks-admin-*.jar}, built by
 * {@code package} before failsafe runs), each on its own ephemeral loopback port with its
 * own hook directories and state directory. Started in parallel; {@link #close()} stops
 * every process it started.
 */
final class NodeJars implements AutoCloseable {

	static final String PASSWORD = "fleet-node-secret";

	/** One running node service. */
	static final class Node {

		final String name;

		final Path usr;

		final Path etc;

		final Path state;

		final Path log;

		final int port;

		Process process;

		Node(String name, Path root, int port) {
			this.name = name;
			this.usr = root.resolve("usr");
			this.etc = root.resolve("etc");
			this.state = root.resolve("state");
			this.log = root.resolve("node.log");
			this.port = port;
		}

		URI url() {
			return URI.create("http://127.0.0.1:" + this.port);
		}

		String etcId() {
			return io.github.ocihooks.admin.directories.DirectoryIds
				.of(List.of(this.usr.toString(), this.etc.toString()))
				.get(1);
		}

		void stop() throws InterruptedException {
			if (this.process != null && this.process.isAlive()) {
				this.process.destroy();
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
		}

	}

	final List<Node> nodes = new ArrayList<>();

	static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(p -> p.getFileName().toString().matches("oci-hooks-admin-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"target/oci-hooks-admin-*.jar is missing: run through ./mvnw verify (failsafe runs after package)"));
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** Starts a node; {@code extraArgs} are more {@code --key=value} settings. */
	Node start(String name, Path root, List<String> extraArgs) throws IOException {
		Node node = new Node(name, root, freePort());
		Files.createDirectories(node.usr);
		Files.createDirectories(node.etc);
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-jar", jar().toString(),
						"--server.address=127.0.0.1", "--server.port=" + node.port,
						"--hooks.directories[0]=" + node.usr, "--hooks.directories[1]=" + node.etc,
						"--hooks.state-dir=" + node.state, "--hooks.admin.password=" + PASSWORD,
						"--hooks.fleet.node-name=" + name, "--spring.main.banner-mode=off"));
		command.addAll(extraArgs);
		node.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(node.log.toFile()).start();
		this.nodes.add(node);
		return node;
	}

	/** Waits until every node answers its health check. */
	void awaitUp(Duration timeout) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Node node : this.nodes) {
			while (true) {
				if (!node.process.isAlive()) {
					throw new IllegalStateException(node.name + " exited:\n" + Files.readString(node.log));
				}
				try {
					HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.url().resolve("/actuator/health"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString());
					if (r.statusCode() == 200) {
						break;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							node.name + " did not start in " + timeout + ":\n" + Files.readString(node.log));
				}
				Thread.sleep(250);
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		for (Node node : this.nodes) {
			if (node.process != null) {
				node.process.destroy();
			}
		}
		for (Node node : this.nodes) {
			node.stop();
		}
	}

}
