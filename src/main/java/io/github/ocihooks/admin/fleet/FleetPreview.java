package io.github.ocihooks.admin.fleet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.github.ocihooks.admin.engine.BindMounts;
import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookPreview;
import io.github.ocihooks.admin.engine.PreviewInput;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Snapshot;

import org.springframework.stereotype.Service;

/**
 * One sample config, the hooks each group of identical nodes would inject. Computed once
 * per distinct set, in this process, with the same engine the nodes run: the hub fetches
 * the bytes of one node's active files per set hash ({@code GET /api/v1/node/set}, once:
 * a set hash names its content, so the copy never goes stale) and previews them here.
 * Asking one node per group for {@code POST /api/v1/preview} instead would put a node's
 * CPU and a network round trip into every fleet preview, and a busy or unreachable node
 * would hold up the answer.
 * <p>
 * The set holds only active files, which the node has already checked (executables
 * included, on the node's own file system), so here every {@code hook.path} counts as
 * existing. A group whose runtime refuses every container is not previewed: its answer is
 * the node's runtime error.
 */
@Service
public class FleetPreview {

	private static final int CACHED_SETS = 64;

	private static final ExecutableProbe TRUST_THE_NODE = path -> new ExecutableProbe.Result(
			ExecutableProbe.Kind.EXISTS, null);

	private final Fleet fleet;

	private final Map<String, Snapshot> sets = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
			return size() > CACHED_SETS;
		}
	});

	public FleetPreview(Fleet fleet) {
		this.fleet = fleet;
	}

	/**
	 * What one group gets.
	 *
	 * @param group the group (id, label, set hash, nodes)
	 * @param result the engine's answer (null when the runtime refuses every container or
	 * the set could not be had)
	 * @param runtimeError the group's runtime error, when it refuses every container
	 * @param error why the group could not be previewed (no reachable node had its set),
	 * else null
	 */
	public record GroupPreview(Drift.Group group, PreviewResult result, RuntimeError runtimeError, String error) {
	}

	/** The inputs as given; null ones are inferred as the single-node preview does. */
	public record Input(ContainerConfig config, Map<String, String> annotations, Boolean hasBindMounts,
			List<String> extensionStages) {
	}

	public List<GroupPreview> preview(Input input) {
		Drift drift = this.fleet.drift();
		List<NodeState> nodes = this.fleet.nodes();
		Map<String, CompletableFuture<Object>> loading = new LinkedHashMap<>();
		for (Drift.Group group : drift.groups()) {
			if (group.refusesEveryContainer() || this.sets.containsKey(group.setHash())) {
				continue;
			}
			loading.put(group.setHash(), load(group, nodes));
		}
		Map<String, String> failures = new TreeMap<>();
		loading.forEach((hash, future) -> {
			Object outcome = future.join();
			if (outcome instanceof Snapshot snapshot) {
				this.sets.put(hash, snapshot);
			}
			else {
				failures.put(hash, String.valueOf(outcome));
			}
		});
		Map<String, String> annotations = (input.annotations() != null) ? input.annotations()
				: input.config().annotations();
		boolean bindMounts = (input.hasBindMounts() != null) ? input.hasBindMounts()
				: BindMounts.infer(input.config()).value();
		List<GroupPreview> out = new ArrayList<>();
		for (Drift.Group group : drift.groups()) {
			NodeReport sample = sampleReport(group, nodes);
			if (group.refusesEveryContainer()) {
				out.add(new GroupPreview(group, null, (sample != null) ? sample.verdict().runtimeError() : null, null));
				continue;
			}
			Snapshot snapshot = this.sets.get(group.setHash());
			if (snapshot == null) {
				out.add(new GroupPreview(group, null, null, failures.getOrDefault(group.setHash(), "not loaded")));
				continue;
			}
			List<String> stages = (input.extensionStages() != null) ? input.extensionStages()
					: snapshot.extensionStages();
			PreviewResult result = HookPreview.preview(snapshot,
					new PreviewInput(input.config(), annotations, bindMounts, stages), false);
			out.add(new GroupPreview(group, result, result.runtimeError(), null));
		}
		return out;
	}

	private static NodeReport sampleReport(Drift.Group group, List<NodeState> nodes) {
		for (NodeState n : nodes) {
			if (n.report() != null && n.report().setHash().equals(group.setHash())) {
				return n.report();
			}
		}
		return null;
	}

	/**
	 * Fetches the set from the group's reachable nodes, one after the other until one
	 * answers with that hash.
	 */
	private CompletableFuture<Object> load(Drift.Group group, List<NodeState> nodes) {
		List<NodeState> candidates = new ArrayList<>();
		for (NodeState n : nodes) {
			if (n.reachable() && n.report() != null && n.report().setHash().equals(group.setHash())) {
				candidates.add(n);
			}
		}
		candidates.sort(Comparator.comparing(NodeState::name));
		return tryLoad(group.setHash(), candidates, 0, "no reachable node has this set");
	}

	private CompletableFuture<Object> tryLoad(String hash, List<NodeState> candidates, int i, String lastError) {
		if (i >= candidates.size() || i >= 3) {
			return CompletableFuture.completedFuture(lastError);
		}
		NodeState node = candidates.get(i);
		return this.fleet.client()
			.sendAsync(this.fleet.client().request(node.url(), "/api/v1/node/set").GET().build())
			.handle((response, error) -> {
				if (error != null) {
					return (Object) (node.name() + ": " + NodeClient.reason(error));
				}
				try {
					return (Object) snapshot(hash, response);
				}
				catch (IOException | RuntimeException ex) {
					return (Object) (node.name() + ": " + ex.getMessage());
				}
			})
			.thenCompose(outcome -> (outcome instanceof Snapshot) ? CompletableFuture.completedFuture(outcome)
					: tryLoad(hash, candidates, i + 1, String.valueOf(outcome)));
	}

	static Snapshot snapshot(String hash, HttpResponse<byte[]> response) throws IOException {
		if (response.statusCode() != 200) {
			throw new IOException("HTTP " + response.statusCode() + " for /api/v1/node/set");
		}
		NodeSet set = NodeClient.JSON.readValue(response.body(), NodeSet.class);
		if (!hash.equals(set.setHash())) {
			throw new IOException("the node's set changed meanwhile (now " + set.setHash() + ")");
		}
		return snapshot(set);
	}

	/**
	 * The set as a snapshot the engine can preview: the node's directories with only
	 * their active files.
	 */
	public static Snapshot snapshot(NodeSet set) {
		HookLoader loader = new HookLoader(TRUST_THE_NODE);
		Map<Integer, List<HookFile>> byDirectory = new TreeMap<>();
		for (NodeSet.SetFile f : set.files()) {
			String directory = set.directories().get(f.precedence());
			byDirectory.computeIfAbsent(f.precedence(), k -> new ArrayList<>())
				.add(loader.check(f.precedence(), directory, f.name(), Base64.getDecoder().decode(f.content())));
		}
		List<DirectoryScan> scans = new ArrayList<>();
		for (int i = 0; i < set.directories().size(); i++) {
			List<HookFile> files = new ArrayList<>(byDirectory.getOrDefault(i, List.of()));
			files.sort(Comparator.comparing(HookFile::name));
			scans.add(new DirectoryScan(i, set.directories().get(i), true, null, files));
		}
		return new Snapshot(0, Instant.now(), scans, set.extensionStages());
	}

}
