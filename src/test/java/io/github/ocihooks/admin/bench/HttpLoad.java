package io.github.ocihooks.admin.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load for the benchmark: a number of concurrent clients, each sending the same
 * request (a POST of {@link #body()}, or a GET when the body is null), waiting for the
 * answer, optionally waiting a think time, and sending again, for a given duration.
 */
interface HttpLoad {

	/**
	 * Latencies in nanoseconds and the achieved rate.
	 */
	record Result(long median, long p90, long p99, long max, double requestsPerSecond) {
	}

	String description();

	Result run(String uri, int clients, long thinkMicros, int seconds) throws Exception;

	default long responseSize(String uri) throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(request(uri, password(), body()), HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + " from " + uri);
		}
		return response.body().length;
	}

	String password();

	String body();

	static HttpRequest request(String uri, String password, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", basic(password));
		if (body == null) {
			return builder.GET().build();
		}
		return builder.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	static String basic(String password) {
		return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * wrk (scripts in {@code wrkDir}) or the in-JVM client; a null body makes the
	 * requests GETs.
	 */
	static HttpLoad of(boolean wrk, Path wrkDir, String password, String body) {
		return wrk ? new Wrk(wrkDir, password, body) : new JavaClient(password, body);
	}

	static boolean wrkAvailable() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "wrk"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * wrk (a separate process, C, event loop): 2 threads holding the connections (1 for a
	 * single client), HdrHistogram percentiles.
	 */
	record Wrk(Path dir, String password, String body) implements HttpLoad {

		private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
				Pattern.MULTILINE);

		private static final Pattern LATENCY = Pattern
			.compile("^\\s+Latency\\s+[0-9.]+\\w+\\s+[0-9.]+\\w+\\s+([0-9.]+)(us|ms|s|m)", Pattern.MULTILINE);

		private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);

		@Override
		public String description() {
			return "wrk (a separate process on the same two cores)";
		}

		@Override
		public Result run(String uri, int clients, long thinkMicros, int seconds) throws Exception {
			Files.createDirectories(this.dir);
			Path script = this.dir.resolve("preview.lua");
			// wrk waits delay() milliseconds before each request on a connection; an
			// exponential draw keeps the
			// clients from moving in step (which would make bursts of 16 at once).
			double thinkMillis = thinkMicros / 1000.0;
			String post = (this.body != null)
					? "wrk.method = \"POST\"\n" + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
							+ "wrk.body = [==[" + this.body + "]==]\n"
					: "";
			Files.writeString(script,
					post + "wrk.headers[\"Authorization\"] = \"" + HttpLoad.basic(this.password) + "\"\n"
							+ ((thinkMillis > 0) ? "function delay() return math.floor(-" + thinkMillis
									+ " * math.log(1 - math.random()) + 0.5) end\n" : ""));
			Process process = new ProcessBuilder("wrk", "-t" + Math.min(2, clients), "-c" + clients,
					"-d" + seconds + "s", "--timeout", "10s", "--latency", "-s", script.toString(), uri)
				.redirectErrorStream(true)
				.start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0 || out.contains("Non-2xx") || out.contains("Socket errors")) {
				throw new IllegalStateException("wrk failed or saw errors:\n" + out);
			}
			long[] p = new long[3];
			Matcher m = PERCENTILE.matcher(out);
			while (m.find()) {
				int index = switch (m.group(1)) {
					case "50" -> 0;
					case "90" -> 1;
					default -> 2;
				};
				p[index] = nanos(m.group(2), m.group(3));
			}
			Matcher max = LATENCY.matcher(out);
			Matcher rate = RATE.matcher(out);
			if (!max.find() || !rate.find() || p[0] == 0 || p[2] == 0) {
				throw new IllegalStateException("Cannot read wrk's output:\n" + out);
			}
			return new Result(p[0], p[1], p[2], nanos(max.group(1), max.group(2)), Double.parseDouble(rate.group(1)));
		}

		private static long nanos(String value, String unit) {
			double v = Double.parseDouble(value);
			return Math.round(switch (unit) {
				case "us" -> v * 1e3;
				case "ms" -> v * 1e6;
				case "s" -> v * 1e9;
				default -> v * 60e9;
			});
		}

	}

	/**
	 * Java's HttpClient in the benchmark's own JVM: the fallback when wrk is not
	 * installed.
	 */
	record JavaClient(String password, String body) implements HttpLoad {

		@Override
		public String description() {
			return "Java's HttpClient in the server's JVM (without wrk, or with BENCH_LOAD=java; this client costs the "
					+ "shared cores more than wrk would)";
		}

		@Override
		public Result run(String uri, int clients, long thinkMicros, int seconds) throws Exception {
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			HttpRequest request = HttpLoad.request(uri, this.password, this.body);
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			long start = System.nanoTime();
			long end = start + seconds * 1_000_000_000L;
			List<Future<List<Long>>> futures = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				futures.add(pool.submit(() -> {
					List<Long> samples = new ArrayList<>();
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (System.nanoTime() < end) {
						long t = System.nanoTime();
						HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
						if (response.statusCode() != 200) {
							throw new IllegalStateException("HTTP " + response.statusCode());
						}
						samples.add(System.nanoTime() - t);
						if (thinkMicros > 0) {
							long think = Math.round(-thinkMicros * Math.log(1 - random.nextDouble()));
							Thread.sleep(think / 1000, (int) (think % 1000) * 1000);
						}
					}
					return samples;
				}));
			}
			List<Long> all = new ArrayList<>();
			for (Future<List<Long>> f : futures) {
				all.addAll(f.get());
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			pool.shutdown();
			long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
			Arrays.sort(sorted);
			return new Result(at(sorted, 50), at(sorted, 90), at(sorted, 99), sorted[sorted.length - 1],
					sorted.length / elapsed);
		}

		private static long at(long[] sorted, int p) {
			int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
		}

	}

}
