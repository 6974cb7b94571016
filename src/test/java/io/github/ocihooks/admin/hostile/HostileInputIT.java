package io.github.ocihooks.admin.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input, from a signed-in VIEWER/EDITOR and from files on disk: huge and deeply
 * nested bodies, regexp bombs and very long patterns, odd names, FIFOs and links to
 * devices. Throughout, a second thread polls {@code /actuator/health}, which must answer
 * within a second every time, and the heap (this JVM runs the server) must stay bounded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class HostileInputIT {

	static final String BOMB = "((a{1000}){1000}){1000}";

	static final long HEAP_HEADROOM = 384L << 20;

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		Path etc = Files.createDirectories(root.resolve("etc"));
		// Hostile files present at start-up: the service must start and report each one.
		Files.writeString(etc.resolve("bomb.json"), hook("\"commands\": [\"" + BOMB + "\"]"));
		Files.writeString(etc.resolve("long-literal.json"), hook("\"commands\": [\"" + "a".repeat(400_000) + "\"]"));
		Files.write(etc.resolve("big.json"), new byte[2 << 20]);
		Files.createSymbolicLink(etc.resolve("zero.json"), Path.of("/dev/zero"));
		Process mkfifo = new ProcessBuilder("mkfifo", etc.resolve("fifo.json").toString()).inheritIO().start();
		assertThat(mkfifo.waitFor()).isZero();
		registry.add("hooks.directories[0]", etc::toString);
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
		registry.add("hooks.admin.password", () -> "{noop}admin-secret");
		registry.add("hooks.users[0].name", () -> "viewer");
		registry.add("hooks.users[0].password", () -> "{noop}viewer-secret");
		registry.add("hooks.users[0].role", () -> "VIEWER");
		registry.add("hooks.users[1].name", () -> "editor");
		registry.add("hooks.users[1].password", () -> "{noop}editor-secret");
		registry.add("hooks.users[1].role", () -> "EDITOR");
	}

	static String hook(String when) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"when\": {" + when
				+ "}, \"stages\": [\"prestart\"]}";
	}

	ApiClient viewer;

	ApiClient editor;

	private Thread poller;

	private final AtomicBoolean polling = new AtomicBoolean();

	private final List<String> slowHealth = new CopyOnWriteArrayList<>();

	private final AtomicLong peakHeap = new AtomicLong();

	private long baselineHeap;

	@BeforeEach
	void startPolling() {
		this.viewer = new ApiClient(this.port, "viewer", "viewer-secret");
		this.editor = new ApiClient(this.port, "editor", "editor-secret");
		// Warm up (the first requests initialize the dispatcher servlet): only the
		// hostile requests are measured.
		for (int i = 0; i < 3; i++) {
			this.viewer.get("/actuator/health");
			this.viewer.get("/api/v1/hooks");
		}
		System.gc();
		this.baselineHeap = usedHeap();
		this.peakHeap.set(this.baselineHeap);
		this.polling.set(true);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		this.poller = new Thread(() -> {
			while (this.polling.get()) {
				long start = System.nanoTime();
				try {
					HttpResponse<String> r = http
						.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"))
							.timeout(Duration.ofSeconds(5))
							.build(), HttpResponse.BodyHandlers.ofString());
					long ms = (System.nanoTime() - start) / 1_000_000;
					if (r.statusCode() != 200 || ms > 5000) {
						this.slowHealth.add(r.statusCode() + " after " + ms + " ms at " + java.time.Instant.now());
					}
				}
				catch (IOException ex) {
					this.slowHealth.add(ex + " after " + (System.nanoTime() - start) / 1_000_000 + " ms at "
							+ java.time.Instant.now());
				}
				catch (InterruptedException ex) {
					return;
				}
				this.peakHeap.accumulateAndGet(usedHeap(), Math::max);
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "health-poller");
		this.poller.start();
	}

	@AfterEach
	void healthAnsweredThroughout() throws Exception {
		this.polling.set(false);
		this.poller.join(5000);
		assertThat(this.slowHealth)
			.as("health answers within 5 s throughout (without the limits it stops answering for good)")
			.isEmpty();
		assertThat(this.peakHeap.get() - this.baselineHeap).as("heap growth while hostile requests ran")
			.isLessThan(HEAP_HEADROOM);
	}

	private static long usedHeap() {
		Runtime rt = Runtime.getRuntime();
		return rt.totalMemory() - rt.freeMemory();
	}

	private String dir() {
		return this.viewer.getJson("/api/v1/directories").get(0).get("id").asString();
	}

	private HttpResponse<String> put(String name, String body) {
		return this.editor.send(this.editor.request("/api/v1/directories/" + dir() + "/hooks/" + name)
			.header("Content-Type", "application/json")
			.header("If-None-Match", "*")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private JsonNode entry(String name) {
		for (JsonNode h : this.viewer.getJson("/api/v1/hooks").get("hooks")) {
			if (h.get("name").asString().equals(name)) {
				return h;
			}
		}
		throw new AssertionError("no " + name);
	}

	private static long timed(Runnable r) {
		long start = System.nanoTime();
		r.run();
		return (System.nanoTime() - start) / 1_000_000;
	}

	// --- patterns
	// ---------------------------------------------------------------------------------------------

	@Test
	void aRepeatBombIsAnsweredQuicklyWithGosError() {
		HttpResponse<String>[] r = new HttpResponse[1];
		long ms = timed(() -> r[0] = this.viewer.post("/api/v1/hooks/validate",
				"{\"definition\": " + hook("\"commands\": [\"" + BOMB + "\"]") + "}"));
		assertThat(ms).isLessThan(5000);
		assertThat(r[0].statusCode()).isEqualTo(200);
		JsonNode verdict = ApiClient.JSON.readTree(r[0].body());
		assertThat(verdict.get("valid").asBoolean()).isFalse();
		assertThat(verdict.get("errors").toString()).contains("error parsing regexp: invalid repeat count: `{1000}`");
		// What Go refuses is not written either.
		for (String p : List.of("(a{1000}){1000}", "((a{100}){100}){100}")) {
			HttpResponse<String> write = put("nested.json", hook("\"commands\": [\"" + p + "\"]"));
			assertThat(write.statusCode()).as(p).isEqualTo(422);
			assertThat(write.body()).contains("invalid repeat count");
		}
	}

	@Test
	void aRepeatBombOnDiskMakesTheFileInvalidWithGosMessage() {
		JsonNode bomb = entry("bomb.json");
		assertThat(bomb.get("status").asString()).isEqualTo("invalid");
		assertThat(bomb.get("blocksRuntime").asBoolean()).isTrue();
		assertThat(bomb.get("problems").toString()).contains("error parsing regexp: invalid repeat count: `{1000}`");
	}

	@Test
	void longPatternsAreBounded() {
		// On disk: reported as not evaluated, the message bounded.
		JsonNode literal = entry("long-literal.json");
		assertThat(literal.get("problems").toString()).contains("pattern-not-evaluated").hasSizeLessThan(10_000);
		// Written: over 4 KiB is refused.
		HttpResponse<String> write = put("long.json", hook("\"commands\": [\"" + "b".repeat(5000) + "\"]"));
		assertThat(write.statusCode()).isEqualTo(422);
		assertThat(write.body()).contains("pattern-too-long").contains("4096");
		// Validation of a very long literal answers quickly.
		long ms = timed(() -> assertThat(this.viewer
			.post("/api/v1/hooks/validate",
					"{\"raw\": " + quote(hook("\"commands\": [\"" + "c".repeat(500_000) + "\"]")) + "}")
			.statusCode()).isEqualTo(200));
		assertThat(ms).isLessThan(5000);
		// And a write of 4 KiB is fine.
		assertThat(put("ok-long.json", hook("\"commands\": [\"" + "d".repeat(4000) + "\"]")).statusCode())
			.isEqualTo(201);
	}

	// --- bodies
	// ------------------------------------------------------------------------------------------------

	@Test
	void aTwentyMegabyteBodyIs413Quickly() throws Exception {
		// A plain socket: the answer must come on the headers alone, before any of the 20
		// MB is sent (the JDK 17
		// client cannot be trusted here: with Expect: 100-continue it waits forever on a
		// final answer).
		long start = System.nanoTime();
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			String auth = java.util.Base64.getEncoder()
				.encodeToString("viewer:viewer-secret".getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream()
				.write(("POST /api/v1/preview HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nAuthorization: Basic "
						+ auth + "\r\nContent-Type: application/json\r\nContent-Length: " + (20 << 20) + "\r\n\r\n{")
					.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			java.io.BufferedReader in = new java.io.BufferedReader(
					new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String status = in.readLine();
			StringBuilder head = new StringBuilder();
			int length = 0;
			for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
				head.append(line).append('\n');
				if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			char[] body = new char[length];
			int read = 0;
			while (read < length) {
				int n = in.read(body, read, length - read);
				if (n < 0) {
					break;
				}
				read += n;
			}
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
			assertThat(status).startsWith("HTTP/1.1 413");
			assertThat(head.toString()).containsIgnoringCase("Content-Type: application/problem+json");
			assertThat(new String(body, 0, read)).contains("hooks.limits.max-request-body");
		}
	}

	@Test
	void aStreamedBodyWithoutLengthIsCutAtTheLimit() {
		long size = 8L << 20;
		InputStream endless = new InputStream() {
			long sent;

			@Override
			public int read() {
				return (this.sent++ < size) ? '[' : -1;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (this.sent >= size) {
					return -1;
				}
				int n = (int) Math.min(len, size - this.sent);
				java.util.Arrays.fill(b, off, off + n, (byte) '[');
				this.sent += n;
				return n;
			}
		};
		try {
			HttpResponse<String> r = this.viewer.http()
				.send(this.viewer.request("/api/v1/preview")
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(r.statusCode()).isEqualTo(413);
		}
		catch (IOException ex) {
			// The server answered 413 and closed the connection while the client was
			// still sending: fine.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(this.viewer.get("/api/v1/hooks").statusCode()).isEqualTo(200);
		// A small body streamed without a length still reaches the controller whole.
		byte[] small = ("{\"definition\": " + hook("\"always\": true") + "}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> ok = this.viewer.send(this.viewer.request("/api/v1/hooks/validate")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(small)))
			.build());
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).contains("\"valid\":true");
	}

	@Test
	void deepNestingAndLargeArraysAreAnsweredQuickly() {
		String deep = "{\"config\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}";
		long ms = timed(() -> {
			HttpResponse<String> r = this.viewer.post("/api/v1/preview", deep);
			assertThat(r.statusCode()).isEqualTo(400);
			assertThat(r.body()).contains("exceeded max depth");
		});
		assertThat(ms).isLessThan(5000);
		StringBuilder zeros = new StringBuilder("{\"config\": {\"process\": {\"args\": [");
		for (int i = 0; i < 300_000; i++) {
			zeros.append(i > 0 ? ",0" : "0");
		}
		zeros.append("]}}}");
		ms = timed(
				() -> assertThat(this.viewer.post("/api/v1/preview", zeros.toString()).statusCode()).isLessThan(500));
		assertThat(ms).isLessThan(10_000);
	}

	// --- names
	// -------------------------------------------------------------------------------------------------

	@Test
	void hostileNamesAreRefusedWithoutHarm() {
		for (String name : List.of("..%2F..%2Fetc%2Fpasswd.json", "a%00b.json", "x".repeat(300) + ".json",
				".hidden.json", "a%20b.json", "%E2%80%AE.json")) {
			HttpResponse<String> r = put(name, hook("\"always\": true"));
			assertThat(r.statusCode()).as(name).isBetween(400, 499);
			if (name.length() > 255) {
				// Overlong: 400 problem+json that states the limit (it was a 503 from the
				// file system).
				assertThat(r.statusCode()).as(name).isEqualTo(400);
				assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
				assertThat(r.body()).contains("255 bytes");
			}
		}
		assertThat(Files.exists(root.resolve("etc/passwd.json"))).isFalse();
		// Every name up to 255 bytes can be written (the temporary name no longer grows
		// with it).
		for (int length : new int[] { 230, 231, 250, 255 }) {
			String name = "n".repeat(length - 5) + ".json";
			assertThat(put(name, hook("\"always\": true")).statusCode()).as(length + " bytes").isEqualTo(201);
			assertThat(root.resolve("etc").resolve(name)).exists();
		}
		// Overlong version ids: 400 with the limit, never 503.
		HttpResponse<String> version = this.editor
			.get("/api/v1/history/" + "1".repeat(300) + "-" + "a".repeat(64) + "?directory=" + dir() + "&name=n.json");
		assertThat(version.statusCode()).isEqualTo(400);
		assertThat(version.body()).contains("84 characters");
	}

	// --- special files
	// -----------------------------------------------------------------------------------------

	@Test
	void specialFilesAreReportedAndHangNothing() throws Exception {
		assertThat(entry("fifo.json").get("problems").toString()).contains("FIFO").contains("hang");
		assertThat(entry("zero.json").get("problems").toString()).contains("device");
		assertThat(entry("big.json").get("problems").toString()).contains("file-too-large");
		// Reading the FIFO through the API, reloading and writing all answer.
		HttpResponse<String> fifo = this.viewer.get("/api/v1/directories/" + dir() + "/hooks/fifo.json");
		assertThat(fifo.statusCode()).isNotEqualTo(200);
		assertThat(this.editor.post("/api/v1/reload", "").statusCode()).isEqualTo(200);
		long ms = timed(() -> assertThat(put("after-fifo.json", hook("\"always\": true")).statusCode()).isEqualTo(201));
		assertThat(ms).isLessThan(10_000);
	}

	private static String quote(String s) {
		try {
			return ApiClient.JSON.writeValueAsString(s);
		}
		catch (RuntimeException ex) {
			throw new UncheckedIOException(new IOException(ex));
		}
	}

}
