package io.github.ocihooks.admin.fleet;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Hub mode: the members (a static list and/or the A records of a headless Service),
 * polled with conditional requests ({@code If-None-Match} with the last report's ETag: an
 * unchanged node answers 304 with no body), at most {@code max-concurrent} calls in
 * flight, each bounded by {@code timeout}. A node that does not answer in time is marked
 * unreachable for this round (its last report and when it was last seen stay visible);
 * the round never waits longer than the timeout for any one node.
 */
@Service
public class Fleet implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Fleet.class);

	private final FleetProperties properties;

	private final NodeClient client;

	private final Map<URI, NodeState> states = new ConcurrentHashMap<>();

	private final Object refreshLock = new Object();

	private volatile List<URI> dnsMembers = List.of();

	private volatile Instant dnsResolvedAt;

	private volatile String dnsError;

	private volatile Refresh lastRefresh;

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	/**
	 * One polling round.
	 *
	 * @param startedAt when it started
	 * @param tookMillis how long it took
	 * @param members how many members were polled
	 * @param changed how many answered with a new report (200)
	 * @param unchanged how many answered 304
	 * @param failed how many were unreachable or answered with an error
	 */
	@Schema(name = "FleetRefresh")
	public record Refresh(Instant startedAt, long tookMillis, int members, int changed, int unchanged, int failed) {
	}

	public Fleet(FleetProperties properties) {
		this.properties = properties;
		this.client = new NodeClient(properties.username(), properties.password(), properties.timeout());
	}

	public boolean enabled() {
		return this.properties.enabled();
	}

	public FleetProperties properties() {
		return this.properties;
	}

	public NodeClient client() {
		return this.client;
	}

	/**
	 * The static members, then those found through DNS (resolved again when older than
	 * {@code dns-refresh}).
	 */
	public List<URI> members() {
		Set<URI> out = new LinkedHashSet<>(this.properties.members());
		if (!this.properties.dns().isBlank()) {
			Instant resolved = this.dnsResolvedAt;
			if (resolved == null || resolved.plus(this.properties.dnsRefresh()).isBefore(Instant.now())) {
				resolveDns();
			}
			out.addAll(this.dnsMembers);
		}
		return List.copyOf(out);
	}

	private void resolveDns() {
		String name = this.properties.dns();
		try {
			List<URI> found = new ArrayList<>();
			for (InetAddress address : InetAddress.getAllByName(name)) {
				String host = (address instanceof Inet6Address) ? "[" + address.getHostAddress() + "]"
						: address.getHostAddress();
				found.add(URI.create(this.properties.dnsScheme() + "://" + host + ":" + this.properties.dnsPort()));
			}
			found.sort(Comparator.comparing(URI::toString));
			this.dnsMembers = List.copyOf(found);
			this.dnsError = null;
		}
		catch (UnknownHostException ex) {
			// Keep the last answer: a DNS hiccup must not make every node vanish from the
			// hub.
			this.dnsError = "cannot resolve " + name + ": " + ex.getMessage();
			logger.warn("Fleet: {}", this.dnsError);
		}
		this.dnsResolvedAt = Instant.now();
	}

	public String dnsError() {
		return this.dnsError;
	}

	public Refresh lastRefresh() {
		return this.lastRefresh;
	}

	/** Polls every member once and returns when each has answered or timed out. */
	public Refresh refresh() {
		synchronized (this.refreshLock) {
			Instant started = Instant.now();
			long t0 = System.nanoTime();
			List<URI> members = members();
			this.states.keySet().retainAll(Set.copyOf(members));
			Semaphore permits = new Semaphore(this.properties.maxConcurrent());
			List<CompletableFuture<Integer>> calls = new ArrayList<>(members.size());
			for (URI url : members) {
				NodeState previous = this.states.computeIfAbsent(url, NodeState::pending);
				permits.acquireUninterruptibly();
				HttpRequest.Builder request = this.client.request(url, "/api/v1/node").GET();
				if (previous.report() != null && previous.etag() != null) {
					request.header("If-None-Match", previous.etag());
				}
				CompletableFuture<Integer> call;
				try {
					call = this.client.sendAsync(request.build()).handle((response, error) -> {
						try {
							NodeState next = next(previous, response, error);
							this.states.put(url, next);
							if (error != null || next.status() != NodeStatus.REACHABLE) {
								return 2;
							}
							return (response.statusCode() == 304) ? 1 : 0;
						}
						finally {
							permits.release();
						}
					});
				}
				catch (RuntimeException ex) {
					permits.release();
					this.states.put(url, next(previous, null, ex));
					call = CompletableFuture.completedFuture(2);
				}
				calls.add(call);
			}
			int changed = 0;
			int unchanged = 0;
			int failed = 0;
			for (CompletableFuture<Integer> call : calls) {
				switch (call.join()) {
					case 0 -> changed++;
					case 1 -> unchanged++;
					default -> failed++;
				}
			}
			Refresh refresh = new Refresh(started, (System.nanoTime() - t0) / 1_000_000, members.size(), changed,
					unchanged, failed);
			this.lastRefresh = refresh;
			return refresh;
		}
	}

	static NodeState next(NodeState previous, HttpResponse<byte[]> response, Throwable error) {
		Instant now = Instant.now();
		if (error != null) {
			return new NodeState(previous.url(), NodeStatus.UNREACHABLE, previous.report(), previous.etag(),
					previous.lastSeen(), now, NodeClient.reason(error), previous.changedAt());
		}
		int status = response.statusCode();
		if (status == 304 && previous.report() != null) {
			return new NodeState(previous.url(), NodeStatus.REACHABLE, previous.report(), previous.etag(), now, now,
					null, previous.changedAt());
		}
		if (status == 200) {
			try {
				NodeReport report = NodeClient.JSON.readValue(response.body(), NodeReport.class);
				if (report.setHash() == null || report.directories() == null) {
					throw new IllegalArgumentException("not a node report");
				}
				boolean changed = previous.report() == null || !previous.report().setHash().equals(report.setHash())
						|| previous.report().generation() != report.generation();
				return new NodeState(previous.url(), NodeStatus.REACHABLE, report,
						response.headers().firstValue("ETag").orElse(null), now, now, null,
						changed ? now : previous.changedAt());
			}
			catch (RuntimeException ex) {
				return new NodeState(previous.url(), NodeStatus.REJECTED, previous.report(), null, previous.lastSeen(),
						now, "the answer is not a node report: " + ex.getMessage(), previous.changedAt());
			}
		}
		String detail = "HTTP " + status;
		if (status == 401 || status == 403) {
			detail += " (check hooks.fleet.username/password and the node's users)";
		}
		return new NodeState(previous.url(), NodeStatus.REJECTED, previous.report(), null, previous.lastSeen(), now,
				detail, previous.changedAt());
	}

	/** Every member's state, by node name. */
	public List<NodeState> nodes() {
		List<NodeState> out = new ArrayList<>(this.states.values());
		out.sort(Comparator.comparing(NodeState::name).thenComparing(s -> s.url().toString()));
		return out;
	}

	/** A member by node name or base URL. */
	public Optional<NodeState> node(String nameOrUrl) {
		for (NodeState s : this.states.values()) {
			if (s.url().toString().equals(nameOrUrl) || (s.report() != null && s.report().node().equals(nameOrUrl))) {
				return Optional.of(s);
			}
		}
		return Optional.empty();
	}

	/**
	 * Records a report the hub fetched itself (after a rollout step), so the view does
	 * not wait for the next round.
	 */
	void update(URI url, HttpResponse<byte[]> response) {
		NodeState previous = this.states.computeIfAbsent(url, NodeState::pending);
		this.states.put(url, next(previous, response, null));
	}

	public Drift drift() {
		return Drift.of(nodes());
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			this.running = true;
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "fleet-poll");
			t.setDaemon(true);
			return t;
		});
		long interval = Math.max(100, this.properties.pollInterval().toMillis());
		this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				refresh();
			}
			catch (RuntimeException ex) {
				logger.warn("Fleet refresh failed", ex);
			}
		}, 0, interval, TimeUnit.MILLISECONDS);
		logger.info("Fleet hub: polling {} static member(s){} every {}", this.properties.members().size(),
				this.properties.dns().isBlank() ? "" : " and DNS name " + this.properties.dns(),
				this.properties.pollInterval());
		this.running = true;
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
		this.client.close();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
