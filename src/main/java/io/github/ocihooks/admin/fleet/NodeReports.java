package io.github.ocihooks.admin.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.Resolution;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.github.ocihooks.admin.runtimes.Verdict;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.inventory.StatusCounts;
import io.github.ocihooks.admin.store.StoreException;

import org.springframework.stereotype.Service;

/**
 * This instance's node report ({@code GET /api/v1/node}), computed once per snapshot
 * generation.
 */
@Service
public class NodeReports {

	private final HookStore store;

	private final HookDirectories directories;

	private final RuntimeViews views;

	private final String nodeName;

	private final AtomicReference<NodeReport> last = new AtomicReference<>();

	NodeReports(HookStore store, HookDirectories directories, FleetProperties properties, RuntimeViews views) {
		this.views = views;
		this.store = store;
		this.directories = directories;
		this.nodeName = nodeName(properties.nodeName());
	}

	static String nodeName(String configured) {
		if (configured != null && !configured.isBlank()) {
			return configured.trim();
		}
		String env = System.getenv("NODE_NAME");
		if (env != null && !env.isBlank()) {
			return env.trim();
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "localhost";
		}
	}

	public String nodeName() {
		return this.nodeName;
	}

	/** The report of the current snapshot. */
	public NodeReport report() {
		Snapshot snapshot = this.store.snapshot();
		NodeReport cached = this.last.get();
		if (cached != null && cached.generation() == snapshot.generation()) {
			return cached;
		}
		NodeReport report = build(snapshot);
		this.last.set(report);
		return report;
	}

	private NodeReport build(Snapshot snapshot) {
		Resolution resolution = snapshot.resolution();
		List<String> ids = this.directories.ids();
		Map<Integer, Map<String, NodeReport.FileEntry>> byDirectory = new TreeMap<>();
		int errors = 0;
		for (FileState state : resolution.files()) {
			byDirectory.computeIfAbsent(state.file().directoryIndex(), k -> new TreeMap<>())
				.put(state.name(),
						new NodeReport.FileEntry(state.file().sha256(), key(state.status()), state.blocksRuntime()));
			if (state.status() == Status.INVALID) {
				errors++;
			}
		}
		List<NodeReport.Directory> directories = new ArrayList<>();
		for (DirectoryScan scan : snapshot.directories()) {
			int i = scan.index();
			directories.add(new NodeReport.Directory(ids.get(i), scan.path(), i, scan.exists(),
					scan.exists() && this.directories.refusal(i) == null, scan.error(),
					byDirectory.getOrDefault(i, Map.of())));
		}
		RuntimeError error = resolution.loadError();
		return new NodeReport(this.nodeName, snapshot.generation(), snapshot.loadedAt(),
				setHash(resolution, snapshot.extensionStages()), StatusCounts.of(resolution.files()),
				new NodeReport.Verdict(error != null, error, errors), profiles(), snapshot.extensionStages(),
				directories);
	}

	/**
	 * SHA-256 over the effective set, stable across restarts and hosts: for every file
	 * that is not masked (and every masked one that still makes the runtime refuse every
	 * container), sorted by name then precedence, its name, the SHA-256 of its content
	 * and its status; then the runtime's error, if any, and the extension stages.
	 * Directory paths are left out, so the same files under differently named directories
	 * hash alike.
	 */
	static String setHash(Resolution resolution, List<String> extensionStages) {
		List<FileState> effective = new ArrayList<>();
		for (FileState state : resolution.files()) {
			if (state.status() == Status.IGNORED) {
				continue;
			}
			if (state.status() != Status.MASKED || state.blocksRuntime()) {
				effective.add(state);
			}
		}
		effective.sort(Comparator.comparing(FileState::name).thenComparingInt(s -> s.file().directoryIndex()));
		StringBuilder text = new StringBuilder();
		for (FileState s : effective) {
			text.append(s.name())
				.append('\0')
				.append(s.file().sha256())
				.append('\0')
				.append(key(s.status()))
				.append('\0')
				.append(s.blocksRuntime())
				.append('\n');
		}
		RuntimeError error = resolution.loadError();
		text.append("error\0").append((error != null) ? error.message() : "").append('\n');
		text.append("extension-stages\0").append(String.join(",", extensionStages)).append('\n');
		try {
			return HexFormat.of()
				.formatHex(
						MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The active files' bytes, checked against the snapshot they were reported from. */
	public NodeSet set() {
		Snapshot snapshot = this.store.snapshot();
		NodeReport report = report();
		List<NodeSet.SetFile> out = new ArrayList<>();
		for (FileState state : snapshot.resolution().files()) {
			if (state.status() != Status.ACTIVE) {
				continue;
			}
			byte[] content;
			try {
				content = HookLoader.readRegularFile(Path.of(state.file().path()));
			}
			catch (IOException ex) {
				content = null;
			}
			if (content == null || !HookLoader.sha256(content).equals(state.file().sha256())) {
				throw new StoreException(StoreException.Kind.CONFLICT,
						state.file().path() + " changed since the snapshot was taken; ask again after the reload");
			}
			out.add(new NodeSet.SetFile(state.file().directoryIndex(), state.name(),
					Base64.getEncoder().encodeToString(content)));
		}
		List<String> paths = new ArrayList<>();
		snapshot.directories().forEach(d -> paths.add(d.path()));
		return new NodeSet(report.setHash(), snapshot.extensionStages(), paths, out);
	}

	static String key(Status status) {
		return status.name().toLowerCase(Locale.ROOT);
	}

	/** Each runtime's verdict, from the same views the overview shows. */
	private List<NodeReport.ProfileVerdict> profiles() {
		return this.views.current()
			.runtimes()
			.stream()
			.map((v) -> new NodeReport.ProfileVerdict(v.profile().id(), v.verdict() == Verdict.REFUSES_EVERY_CONTAINER,
					v.why(), v.verdict().name()))
			.toList();
	}

}
