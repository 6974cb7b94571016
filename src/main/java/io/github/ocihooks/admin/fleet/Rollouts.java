package io.github.ocihooks.admin.fleet;

import java.io.IOException;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.history.Actor;
import io.github.ocihooks.admin.history.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Rollouts: one directory's desired set applied to a selection of nodes in waves (one
 * canary node, then a percentage of the selection, then the rest). Each wave first
 * fetches every node's dry-run plan ({@code POST .../sync?dryRun=true}); then, node by
 * node, applies exactly that plan file by file with the file's ETag from the plan
 * ({@code PUT} with {@code If-Match}, or {@code If-None-Match: *} for a new file;
 * {@code DELETE} with {@code If-Match}), so a file changed on the node since its plan is
 * refused (412), not overwritten; then reads the node's report and checks that its
 * runtime does not refuse every container, that it has no more invalid files than before,
 * and that no written file was skipped (executable missing on that node). When a node
 * fails (its plan, a write or its check) the rollout stops and every node changed so far
 * is restored: files it replaced or deleted are written back byte for byte from the
 * node's history ({@code POST /api/v1/history/{version}/restore}), files it created are
 * deleted. Every step is audited here; each node audits its own writes.
 * <p>
 * Longer than the ~250 lines the project aims for: planning the waves, applying and
 * verifying each node and restoring on failure share one rollout's state here; splitting
 * them apart is a follow-up.
 */
@Service
public class Rollouts implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(Rollouts.class);

	private final Fleet fleet;

	private final AuditLog audit;

	private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "fleet-rollout");
		t.setDaemon(true);
		return t;
	});

	private final Map<String, AtomicReference<Rollout>> rollouts = Collections.synchronizedMap(new LinkedHashMap<>());

	public Rollouts(Fleet fleet, AuditLog audit) {
		this.fleet = fleet;
		this.audit = audit;
	}

	/** A request that cannot be started, with a JSON pointer to the field at fault. */
	public static class InvalidRollout extends RuntimeException {

		private final String pointer;

		InvalidRollout(String message, String pointer) {
			super(message);
			this.pointer = pointer;
		}

		public String pointer() {
			return this.pointer;
		}

	}

	/**
	 * What to roll out.
	 *
	 * @param directory the directory on each node: its id, its path, or {@code highest}
	 * @param desired a sync document ({@code {"hooks": {...}}}); or null with
	 * {@code template}
	 * @param template a node name whose export is the desired set
	 * @param nodes the selection, in rollout order (null: every reachable node, by name)
	 * @param canary the first node (null: the selection's first)
	 * @param percentage the second wave's size as a percentage of the selection (at least
	 * one node)
	 * @param dryRun only fetch every node's plan
	 */
	public record Request(String directory, JsonNode desired, String template, List<String> nodes, String canary,
			Integer percentage, boolean dryRun) {
	}

	public List<Rollout> list() {
		List<Rollout> out = new ArrayList<>();
		synchronized (this.rollouts) {
			this.rollouts.values().forEach(r -> out.add(r.get()));
		}
		out.sort(Comparator.comparing(Rollout::createdAt).reversed());
		return out;
	}

	public java.util.Optional<Rollout> get(String id) {
		AtomicReference<Rollout> r = this.rollouts.get(id);
		return (r != null) ? java.util.Optional.of(r.get()) : java.util.Optional.empty();
	}

	/** Validates, records and starts a rollout; it runs in the background. */
	public Rollout start(Request request, Actor actor) {
		if (request.directory() == null || request.directory().isBlank()) {
			throw new InvalidRollout("directory is required: a directory id, path, or \"highest\"", "/directory");
		}
		int percentage = (request.percentage() != null) ? request.percentage() : 25;
		if (percentage < 1 || percentage > 100) {
			throw new InvalidRollout("percentage must be between 1 and 100", "/percentage");
		}
		List<NodeState> selection = selection(request);
		JsonNode hooks;
		String source;
		if ((request.desired() == null) == (request.template() == null)) {
			throw new InvalidRollout("give exactly one of desired (a sync document) and template (a node name)",
					"/desired");
		}
		if (request.desired() != null) {
			hooks = request.desired().get("hooks");
			if (hooks == null || !hooks.isObject()) {
				throw new InvalidRollout("desired.hooks must be an object: file name to definition", "/desired/hooks");
			}
			source = "request";
		}
		else {
			hooks = templateHooks(request.template());
			source = "template:" + request.template();
		}
		Map<String, String> desired = new TreeMap<>();
		for (var e : hooks.properties()) {
			desired.put(e.getKey(), HookLoader.sha256(NodeClient.JSON.writeValueAsBytes(e.getValue())));
		}
		List<List<String>> waveNames = new ArrayList<>();
		List<List<NodeState>> waves = waves(selection, request.canary(), percentage);
		waves.forEach(w -> waveNames.add(w.stream().map(NodeState::name).toList()));
		String id = UUID.randomUUID().toString().substring(0, 8);
		Rollout rollout = new Rollout(id, RolloutStatus.RUNNING, actor.user(), Instant.now(), null, request.directory(),
				source, desired, request.dryRun(), waveNames, List.of(), null, null);
		AtomicReference<Rollout> ref = new AtomicReference<>(rollout);
		this.rollouts.put(id, ref);
		this.audit.record(actor, request.dryRun() ? "fleet-rollout-plan" : "fleet-rollout-start", request.directory(),
				null, "started",
				"rollout " + id + ": " + desired.size() + " file(s) from " + source + " to " + waveNames);
		ObjectNode document = NodeClient.JSON.createObjectNode();
		document.set("hooks", hooks);
		this.runner.submit(() -> {
			try {
				new Run(ref, actor, document, waves, request.directory(), request.dryRun()).run();
			}
			catch (RuntimeException ex) {
				logger.error("Rollout {} failed unexpectedly", id, ex);
				ref.updateAndGet(
						r -> r.with(RolloutStatus.FAILED_RESTORE_INCOMPLETE, Instant.now(), null, "unexpected: " + ex));
			}
		});
		return rollout;
	}

	private List<NodeState> selection(Request request) {
		List<NodeState> out = new ArrayList<>();
		if (request.nodes() == null || request.nodes().isEmpty()) {
			this.fleet.nodes().stream().filter(NodeState::reachable).forEach(out::add);
			if (out.isEmpty()) {
				throw new InvalidRollout("no reachable node to roll out to", "/nodes");
			}
			return out;
		}
		for (int i = 0; i < request.nodes().size(); i++) {
			String name = request.nodes().get(i);
			NodeState node = this.fleet.node(name)
				.orElseThrow(() -> new InvalidRollout("no member named " + name, "/nodes"));
			if (!node.reachable()) {
				throw new InvalidRollout(name + " is not reachable (" + node.error() + ")", "/nodes");
			}
			if (out.stream().anyMatch(n -> n.url().equals(node.url()))) {
				throw new InvalidRollout(name + " is named twice", "/nodes");
			}
			out.add(node);
		}
		return out;
	}

	static <T> List<List<T>> waves(List<T> selection, T canary, int percentage) {
		List<T> order = new ArrayList<>(selection);
		if (canary != null) {
			order.remove(canary);
			order.add(0, canary);
		}
		List<List<T>> waves = new ArrayList<>();
		waves.add(List.of(order.get(0)));
		List<T> rest = order.subList(1, order.size());
		if (!rest.isEmpty()) {
			int second = Math.min(rest.size(), Math.max(1, (int) Math.ceil(order.size() * percentage / 100.0)));
			waves.add(List.copyOf(rest.subList(0, second)));
			if (second < rest.size()) {
				waves.add(List.copyOf(rest.subList(second, rest.size())));
			}
		}
		return waves;
	}

	private List<List<NodeState>> waves(List<NodeState> selection, String canary, int percentage) {
		NodeState first = null;
		if (canary != null) {
			first = selection.stream()
				.filter(n -> n.name().equals(canary) || n.url().toString().equals(canary))
				.findFirst()
				.orElseThrow(() -> new InvalidRollout("the canary " + canary + " is not in the selection", "/canary"));
		}
		return waves(selection, first, percentage);
	}

	/** The export of a member, as the desired set of a rollout or a MachineConfig. */
	public JsonNode templateHooks(String template) {
		NodeState node = this.fleet.node(template)
			.orElseThrow(() -> new InvalidRollout("no member named " + template, "/template"));
		try {
			HttpResponse<byte[]> r = this.fleet.client()
				.send(this.fleet.client().request(node.url(), "/api/v1/export").GET().build());
			if (r.statusCode() != 200) {
				throw new InvalidRollout("the template node answered HTTP " + r.statusCode() + " for its export",
						"/template");
			}
			return NodeClient.json(r).get("hooks");
		}
		catch (IOException ex) {
			throw new InvalidRollout("the template node did not answer: " + NodeClient.reason(ex), "/template");
		}
	}

	@Override
	public void destroy() {
		this.runner.shutdownNow();
	}

	/** One change made on one node, and how to undo it. */
	private record Applied(NodeState node, String directoryId, String name, String action, String etagBefore,
			String etagAfter) {
	}

	/** Thrown inside a run when a node fails. */
	private static final class NodeFailed extends Exception {

		final NodeState node;

		NodeFailed(NodeState node, String message) {
			super(message, null, false, false);
			this.node = node;
		}

	}

	/** One rollout's execution (on the runner thread). */
	private final class Run {

		private final AtomicReference<Rollout> ref;

		private final Actor actor;

		private final JsonNode document;

		private final List<List<NodeState>> waves;

		private final String directory;

		private final boolean dryRun;

		private final List<Applied> applied = new ArrayList<>();

		Run(AtomicReference<Rollout> ref, Actor actor, JsonNode document, List<List<NodeState>> waves, String directory,
				boolean dryRun) {
			this.ref = ref;
			this.actor = actor;
			this.document = document;
			this.waves = waves;
			this.directory = directory;
			this.dryRun = dryRun;
		}

		private String id() {
			return this.ref.get().id();
		}

		private void step(int wave, NodeState node, Rollout.Action action, String name, boolean ok, String detail,
				Map<String, String> plan) {
			this.ref.updateAndGet(
					r -> r.with(new Rollout.Step(Instant.now(), wave, node.name(), action, name, ok, detail, plan)));
			Rollouts.this.audit.record(this.actor, "fleet-rollout-" + action.name().toLowerCase(),
					node.name() + " " + node.url() + " " + this.directory, name, ok ? "ok" : "failed",
					"rollout " + id() + ", wave " + wave + ": " + detail);
		}

		void run() {
			int waveNumber = 0;
			try {
				for (List<NodeState> wave : this.waves) {
					waveNumber++;
					Map<NodeState, Plan> plans = new LinkedHashMap<>();
					for (NodeState node : wave) {
						plans.put(node, plan(waveNumber, node));
					}
					if (this.dryRun) {
						continue;
					}
					for (Map.Entry<NodeState, Plan> e : plans.entrySet()) {
						apply(waveNumber, e.getKey(), e.getValue());
					}
				}
				RolloutStatus done = this.dryRun ? RolloutStatus.PLANNED : RolloutStatus.SUCCEEDED;
				this.ref.updateAndGet(r -> r.with(done, Instant.now(), null, null));
				Rollouts.this.audit.record(this.actor, "fleet-rollout-end", this.directory, null,
						done.name().toLowerCase(), "rollout " + id());
			}
			catch (NodeFailed failure) {
				step(waveNumber, failure.node, Rollout.Action.STOP, null, false,
						"stopped: " + failure.getMessage() + "; restoring " + changedNodes() + " node(s)", null);
				boolean complete = restoreAll(waveNumber);
				RolloutStatus status = complete ? RolloutStatus.FAILED_RESTORED
						: RolloutStatus.FAILED_RESTORE_INCOMPLETE;
				this.ref.updateAndGet(r -> r.with(status, Instant.now(), failure.node.name(), failure.getMessage()));
				Rollouts.this.audit.record(this.actor, "fleet-rollout-end", this.directory, null,
						status.name().toLowerCase(),
						"rollout " + id() + " stopped at " + failure.node.name() + ": " + failure.getMessage());
			}
		}

		private long changedNodes() {
			return this.applied.stream().map(a -> a.node().url()).distinct().count();
		}

		/** The node's plan for the directory. */
		private record Plan(String directoryId, List<JsonNode> changes) {
		}

		private Plan plan(int wave, NodeState node) throws NodeFailed {
			NodeReport report = fresh(wave, node, Rollout.Action.PLAN);
			String dirId = directoryId(report);
			if (dirId == null) {
				step(wave, node, Rollout.Action.PLAN, null, false, "no directory " + this.directory + " on this node",
						null);
				throw new NodeFailed(node, "no directory " + this.directory);
			}
			HttpResponse<byte[]> r = call(wave, node, Rollout.Action.PLAN, null,
					request(node, "/api/v1/directories/" + dirId + "/sync?dryRun=true")
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers
							.ofByteArray(NodeClient.JSON.writeValueAsBytes(this.document))));
			if (r.statusCode() != 200) {
				String detail = "dry run refused: " + describe(r);
				step(wave, node, Rollout.Action.PLAN, null, false, detail, null);
				throw new NodeFailed(node, detail);
			}
			JsonNode result = NodeClient.json(r);
			List<String> refused = new ArrayList<>();
			for (JsonNode c : result.get("changes")) {
				if ("refuse".equals(c.get("action").asString())) {
					refused.add(c.get("name").asString() + ": " + c.path("reason").asString());
				}
			}
			if (!refused.isEmpty()) {
				// The node's directory holds entries the runtime reads that a sync cannot
				// remove or replace.
				String detail = "the desired set cannot be reached there; manage on disk: "
						+ String.join("; ", refused);
				step(wave, node, Rollout.Action.PLAN, null, false, detail, null);
				throw new NodeFailed(node, detail);
			}
			List<JsonNode> changes = new ArrayList<>();
			Map<String, String> plan = new TreeMap<>();
			for (JsonNode c : result.get("changes")) {
				plan.put(c.get("name").asString(), c.get("action").asString());
				if (!"unchanged".equals(c.get("action").asString())) {
					changes.add(c);
				}
			}
			step(wave, node, Rollout.Action.PLAN, null, true, "directory " + dirId + ": " + result.get("summary"),
					plan);
			return new Plan(dirId, changes);
		}

		private void apply(int wave, NodeState node, Plan plan) throws NodeFailed {
			NodeReport before = fresh(wave, node, Rollout.Action.APPLY);
			for (JsonNode change : plan.changes()) {
				String name = change.get("name").asString();
				String action = change.get("action").asString();
				String etag = (change.hasNonNull("etag")) ? change.get("etag").asString() : null;
				String path = "/api/v1/directories/" + plan.directoryId() + "/hooks/"
						+ java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
				HttpRequest.Builder b = request(node, path);
				if ("delete".equals(action)) {
					b.header("If-Match", etag).DELETE();
				}
				else {
					byte[] body = NodeClient.JSON.writeValueAsBytes(this.document.get("hooks").get(name));
					b.header("Content-Type", "application/json")
						.header(("create".equals(action)) ? "If-None-Match" : "If-Match",
								("create".equals(action)) ? "*" : etag)
						.PUT(HttpRequest.BodyPublishers.ofByteArray(body));
				}
				HttpResponse<byte[]> r = call(wave, node, Rollout.Action.APPLY, name, b);
				if (r.statusCode() / 100 != 2) {
					String detail = action + " refused: " + describe(r);
					step(wave, node, Rollout.Action.APPLY, name, false, detail, null);
					throw new NodeFailed(node, name + ": " + detail);
				}
				String after = r.headers().firstValue("ETag").orElse(null);
				this.applied.add(new Applied(node, plan.directoryId(), name, action, etag, after));
				step(wave, node, Rollout.Action.APPLY, name, true, action + " (HTTP " + r.statusCode() + ")", null);
			}
			verify(wave, node, plan, before);
		}

		private void verify(int wave, NodeState node, Plan plan, NodeReport before) throws NodeFailed {
			NodeReport after = fresh(wave, node, Rollout.Action.VERIFY);
			List<String> problems = new ArrayList<>();
			if (after.verdict().refusesEveryContainer()) {
				problems.add("the runtime now refuses every container: " + after.verdict().runtimeError().message());
			}
			if (after.verdict().errors() > before.verdict().errors()) {
				problems
					.add("invalid files went from " + before.verdict().errors() + " to " + after.verdict().errors());
			}
			for (NodeReport.Directory d : after.directories()) {
				if (!d.id().equals(plan.directoryId())) {
					continue;
				}
				for (JsonNode change : plan.changes()) {
					String name = change.get("name").asString();
					NodeReport.FileEntry f = d.files().get(name);
					if (f != null && !"active".equals(f.status()) && !"masked".equals(f.status())) {
						problems.add(name + " is " + f.status() + " on this node");
					}
				}
			}
			if (!problems.isEmpty()) {
				String detail = String.join("; ", problems);
				step(wave, node, Rollout.Action.VERIFY, null, false, detail, null);
				throw new NodeFailed(node, detail);
			}
			step(wave, node, Rollout.Action.VERIFY, null, true, "generation " + after.generation() + ", "
					+ after.counts().get("active") + " active, runtime accepts containers", null);
		}

		/**
		 * Undoes every applied change, newest first; true when all of them were undone.
		 */
		private boolean restoreAll(int wave) {
			boolean complete = true;
			List<Applied> undo = new ArrayList<>(this.applied);
			Collections.reverse(undo);
			for (Applied a : undo) {
				try {
					restore(wave, a);
				}
				catch (RuntimeException | IOException ex) {
					complete = false;
					step(wave, a.node(), Rollout.Action.RESTORE, a.name(), false, "not restored: " + ex.getMessage(),
							null);
				}
			}
			return complete;
		}

		private void restore(int wave, Applied a) throws IOException {
			String query = "?directory=" + enc(a.directoryId()) + "&name=" + enc(a.name());
			if ("create".equals(a.action())) {
				HttpResponse<byte[]> r = send(
						request(a.node(), "/api/v1/directories/" + a.directoryId() + "/hooks/" + a.name())
							.header("If-Match", a.etagAfter())
							.DELETE());
				if (r.statusCode() / 100 != 2) {
					throw new IOException("delete of the created file refused: " + describe(r));
				}
				step(wave, a.node(), Rollout.Action.RESTORE, a.name(), true, "deleted (it was created by this rollout)",
						null);
				return;
			}
			// Replaced or deleted: the node kept the old bytes in its history.
			HttpResponse<byte[]> list = send(request(a.node(), "/api/v1/history" + query).GET());
			if (list.statusCode() != 200) {
				throw new IOException("history refused: " + describe(list));
			}
			String wanted = a.etagBefore().replace("\"", "");
			String version = null;
			for (JsonNode v : NodeClient.json(list)) {
				if (wanted.equals(v.get("sha256").asString())) {
					version = v.get("id").asString();
					break;
				}
			}
			if (version == null) {
				throw new IOException("no kept version with SHA-256 " + wanted);
			}
			HttpRequest.Builder b = request(a.node(), "/api/v1/history/" + enc(version) + "/restore" + query)
				.POST(HttpRequest.BodyPublishers.noBody());
			if ("update".equals(a.action())) {
				b.header("If-Match", a.etagAfter());
			}
			HttpResponse<byte[]> r = send(b);
			if (r.statusCode() / 100 != 2) {
				throw new IOException("restore refused: " + describe(r));
			}
			step(wave, a.node(), Rollout.Action.RESTORE, a.name(), true, "restored version " + version
					+ " from the node's history (SHA-256 " + wanted.substring(0, 12) + "...)", null);
		}

		private String directoryId(NodeReport report) {
			List<NodeReport.Directory> dirs = report.directories();
			if (dirs.isEmpty()) {
				return null;
			}
			if ("highest".equals(this.directory)) {
				return dirs.get(dirs.size() - 1).id();
			}
			for (NodeReport.Directory d : dirs) {
				if (d.id().equals(this.directory) || d.path().equals(this.directory)) {
					return d.id();
				}
			}
			return null;
		}

		private NodeReport fresh(int wave, NodeState node, Rollout.Action action) throws NodeFailed {
			HttpResponse<byte[]> r = call(wave, node, action, null, request(node, "/api/v1/node").GET());
			if (r.statusCode() != 200) {
				String detail = "report refused: " + describe(r);
				step(wave, node, action, null, false, detail, null);
				throw new NodeFailed(node, detail);
			}
			Rollouts.this.fleet.update(node.url(), r);
			return NodeClient.JSON.readValue(r.body(), NodeReport.class);
		}

		private HttpRequest.Builder request(NodeState node, String path) {
			return Rollouts.this.fleet.client().request(node.url(), path);
		}

		private HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException {
			return Rollouts.this.fleet.client().send(b.build());
		}

		private HttpResponse<byte[]> call(int wave, NodeState node, Rollout.Action action, String name,
				HttpRequest.Builder b) throws NodeFailed {
			try {
				return send(b);
			}
			catch (IOException ex) {
				String detail = "no answer: " + NodeClient.reason(ex);
				step(wave, node, action, name, false, detail, null);
				throw new NodeFailed(node, detail);
			}
		}

	}

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	static String describe(HttpResponse<byte[]> r) {
		String detail = null;
		try {
			JsonNode body = NodeClient.json(r);
			if (body.hasNonNull("detail")) {
				detail = body.get("detail").asString();
			}
		}
		catch (RuntimeException ex) {
			// not JSON
		}
		return "HTTP " + r.statusCode() + ((detail != null) ? " " + detail : "");
	}

}
