package io.github.ocihooks.admin.fleet;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's polling against misbehaving nodes (one loopback JDK HttpServer): a healthy
 * node (200, then 304), one that sends its headers and then stalls the body, one that
 * answers 401, and a port nobody listens on. A round ends within the bounds, whatever the
 * nodes do.
 */
class FleetPollingTests {

	HttpServer server;

	ExecutorService threads;

	final CountDownLatch release = new CountDownLatch(1);

	final AtomicInteger healthyCalls = new AtomicInteger();

	static final NodeReport REPORT = new NodeReport("healthy", 7, Instant.parse("2026-11-28T00:00:00Z"), "a".repeat(64),
			Map.of("active", 1), new NodeReport.Verdict(false, null, 0), List.of(), List.of("precreate", "poststop"),
			List.of(new NodeReport.Directory("etc", "/etc/containers/oci/hooks.d", 0, true, true, null,
					Map.of("10-a.json", new NodeReport.FileEntry("b".repeat(64), "active", false)))));

	@BeforeEach
	void start() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		this.threads = Executors.newFixedThreadPool(4);
		this.server.setExecutor(this.threads);
		this.server.createContext("/healthy/", exchange -> {
			this.healthyCalls.incrementAndGet();
			if (REPORT.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
				exchange.sendResponseHeaders(304, -1);
				exchange.close();
				return;
			}
			byte[] body = NodeClient.JSON.writeValueAsBytes(REPORT);
			exchange.getResponseHeaders().set("ETag", REPORT.etag());
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream os = exchange.getResponseBody()) {
				os.write(body);
			}
		});
		this.server.createContext("/api/v1/node", exchange -> {
			byte[] body = NodeClient.JSON.writeValueAsBytes(REPORT);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream os = exchange.getResponseBody()) {
				os.write(body);
			}
		});
		this.server.createContext("/stalled/", exchange -> {
			exchange.sendResponseHeaders(200, 1000);
			exchange.getResponseBody().write("{\"node\"".getBytes(StandardCharsets.UTF_8));
			exchange.getResponseBody().flush();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		this.server.createContext("/locked/", exchange -> {
			exchange.sendResponseHeaders(401, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.server.stop(0);
		this.threads.shutdownNow();
	}

	@Test
	void aRoundEndsInTimeAndSaysWhatEachNodeDid() throws Exception {
		int port = this.server.getAddress().getPort();
		int closed;
		try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		String base = "http://127.0.0.1:" + port;
		List<URI> members = List.of(URI.create(base + "/healthy/"), URI.create(base + "/stalled/"),
				URI.create(base + "/locked/"), URI.create("http://127.0.0.1:" + closed));
		Fleet fleet = new Fleet(new FleetProperties("", true, members, "", 8080, "http", Duration.ofSeconds(30),
				"admin", "pw", Duration.ofHours(1), Duration.ofSeconds(2), 2));
		try {
			long t0 = System.nanoTime();
			Fleet.Refresh first = fleet.refresh();
			long took = (System.nanoTime() - t0) / 1_000_000;
			assertThat(took).as("bounded by the timeout, not by the node that stalls for 30 s").isLessThan(15_000);
			assertThat(first.changed()).isEqualTo(1);
			assertThat(first.failed()).isEqualTo(3);
			NodeState healthy = fleet.node("healthy").orElseThrow();
			assertThat(healthy.status()).isEqualTo(NodeStatus.REACHABLE);
			assertThat(healthy.report().generation()).isEqualTo(7);
			NodeState stalled = fleet.node(base + "/stalled/").orElseThrow();
			assertThat(stalled.status()).isEqualTo(NodeStatus.UNREACHABLE);
			assertThat(stalled.error()).contains("in time");
			assertThat(stalled.lastSeen()).isNull();
			NodeState locked = fleet.node(base + "/locked/").orElseThrow();
			assertThat(locked.status()).isEqualTo(NodeStatus.REJECTED);
			assertThat(locked.error()).contains("401");
			NodeState dead = fleet.node("http://127.0.0.1:" + closed).orElseThrow();
			assertThat(dead.status()).isEqualTo(NodeStatus.UNREACHABLE);

			Fleet.Refresh second = fleet.refresh();
			assertThat(second.unchanged()).isEqualTo(1);
			assertThat(fleet.node("healthy").orElseThrow().report().generation()).isEqualTo(7);
			Drift drift = fleet.drift();
			assertThat(drift.reachable()).isEqualTo(1);
			assertThat(drift.unreachable()).hasSize(3);
			assertThat(drift.groups()).hasSize(1);
		}
		finally {
			fleet.stop();
		}
	}

	@Test
	void membersComeFromTheAddressRecordsOfADnsName() {
		int port = this.server.getAddress().getPort();
		Fleet fleet = new Fleet(new FleetProperties("", true, List.of(), "localhost", port, "http",
				Duration.ofSeconds(30), "admin", "pw", Duration.ofHours(1), Duration.ofSeconds(2), 2));
		try {
			assertThat(fleet.members()).contains(URI.create("http://127.0.0.1:" + port));
			fleet.refresh();
			assertThat(fleet.node("http://127.0.0.1:" + port).orElseThrow().status()).isEqualTo(NodeStatus.REACHABLE);
			assertThat(fleet.dnsError()).isNull();
		}
		finally {
			fleet.stop();
		}
		Fleet unknown = new Fleet(new FleetProperties("", true, List.of(), "no-such-name.invalid", port, "http",
				Duration.ofSeconds(30), "admin", "pw", Duration.ofHours(1), Duration.ofSeconds(2), 2));
		try {
			assertThat(unknown.members()).isEmpty();
			assertThat(unknown.dnsError()).contains("no-such-name.invalid");
		}
		finally {
			unknown.stop();
		}
	}

	@Test
	void membersMustBeBaseUrls() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new FleetProperties("", true, List.of(URI.create("ftp://10.0.0.5/")), "", 8080,
					"http", Duration.ofSeconds(30), "admin", "pw", Duration.ofHours(1), Duration.ofSeconds(3), 2))
			.hasMessageContaining("hooks.fleet.members");
	}

}
