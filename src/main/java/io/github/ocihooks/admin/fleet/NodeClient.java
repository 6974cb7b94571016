package io.github.ocihooks.admin.fleet;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub's HTTP client for node services: {@link java.net.http.HttpClient} (HTTP/1.1,
 * kept-alive connections), HTTP Basic as the configured fleet user, a timeout on every
 * call.
 */
public class NodeClient implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final ExecutorService executor;

	private final HttpClient http;

	private final String authorization;

	private final Duration timeout;

	public NodeClient(String username, String password, Duration timeout) {
		this.executor = Executors.newFixedThreadPool(2, r -> {
			Thread t = new Thread(r, "fleet-http");
			t.setDaemon(true);
			return t;
		});
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(timeout)
			.executor(this.executor)
			.build();
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		this.timeout = timeout;
	}

	/** A request to {@code base + path} with the fleet credentials and the timeout. */
	public HttpRequest.Builder request(URI base, String path) {
		return HttpRequest.newBuilder(resolve(base, path))
			.timeout(this.timeout)
			.header("Authorization", this.authorization)
			.header("Accept", "application/json");
	}

	static URI resolve(URI base, String path) {
		String b = base.toString();
		return URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) + path : b + path);
	}

	/**
	 * Sends without waiting. The request's timeout only covers the time until the
	 * response headers arrive; a node that sends headers and then stalls would hold the
	 * call forever, so the whole exchange, body included, is bounded too (twice the
	 * timeout).
	 */
	public CompletableFuture<HttpResponse<byte[]>> sendAsync(HttpRequest request) {
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
			.orTimeout(2 * this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Sends and waits, bounded as {@link #sendAsync} is. */
	public HttpResponse<byte[]> send(HttpRequest request) throws java.io.IOException {
		try {
			return sendAsync(request).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("interrupted");
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof java.io.IOException io) {
				throw io;
			}
			throw new java.io.IOException(reason(ex), ex.getCause());
		}
	}

	public static JsonNode json(HttpResponse<byte[]> response) {
		return JSON.readTree(response.body());
	}

	/** A short reason for a failed call, for the node's status line. */
	static String reason(Throwable error) {
		Throwable e = error;
		while ((e instanceof java.util.concurrent.CompletionException
				|| e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
			e = e.getCause();
		}
		if (e instanceof HttpConnectTimeoutException) {
			return "connect timed out";
		}
		if (e instanceof HttpTimeoutException) {
			return "no answer in time";
		}
		if (e instanceof TimeoutException) {
			return "no complete answer in time (the body stalled)";
		}
		if (e instanceof ConnectException) {
			return "connection refused";
		}
		String message = e.getMessage();
		return e.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
