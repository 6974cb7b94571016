package io.github.ocihooks.admin.runtimes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookValidation;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Resolution;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.profiles.Finding;
import io.github.ocihooks.admin.profiles.ProfileSet;
import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;
import io.github.ocihooks.admin.store.HookStore;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * The hook directories as each runtime profile reads them: the one place that decides a
 * runtime's verdict and a file's status for each runtime. The files are read once (the
 * store's snapshot); each runtime gets a view over the scans of its own directories, in
 * its own order, resolved with its load mode and extension stages. Computed once per
 * snapshot generation and detection.
 * <p>
 * Longer than the ~250 lines the project aims for: the views of the files on disk and of
 * a file checked before it is written ({@link #reception}) are one computation, kept in
 * one place so that both give the same verdicts.
 */
@Service
public class RuntimeViews {

	private final HookStore store;

	private final RuntimeProfiles profiles;

	private final AtomicReference<Views> cached = new AtomicReference<>();

	RuntimeViews(HookStore store, RuntimeProfiles profiles) {
		this.store = store;
		this.profiles = profiles;
	}

	/**
	 * Every runtime's view of the current snapshot.
	 *
	 * @param snapshot the store's snapshot (all managed directories)
	 * @param set the runtime profiles the views are for
	 * @param runtimes one view per profile, in profile order
	 * @param files every entry of every managed directory, in directory then name order
	 */
	public record Views(Snapshot snapshot, ProfileSet set, List<RuntimeView> runtimes, List<FileView> files) {

		/** The view of the runtime with this id. */
		public Optional<RuntimeView> runtime(String id) {
			return this.runtimes.stream().filter((r) -> r.profile().id().equals(id)).findFirst();
		}

		/** The view of the file, if it is in a managed directory. */
		public Optional<FileView> file(String directory, String name) {
			return this.files.stream()
				.filter((f) -> f.directory().equals(directory) && f.name().equals(name))
				.findFirst();
		}

		/** The default runtime (the first profile: in explicit mode the only one). */
		public RuntimeView defaultRuntime() {
			return this.runtimes.get(0);
		}

	}

	/** The views of the current snapshot and detection (cached until either changes). */
	public Views current() {
		Snapshot snapshot = this.store.snapshot();
		ProfileSet set = this.profiles.current();
		Views views = this.cached.get();
		if (views != null && views.snapshot() == snapshot && views.set() == set) {
			return views;
		}
		views = of(snapshot, set);
		this.cached.set(views);
		return views;
	}

	/**
	 * Which runtimes see a change to the directory at {@code location} (as the store
	 * reads it), when, and their verdict now: call it after the change. Empty: no runtime
	 * reads the directory.
	 */
	public List<RuntimeNotice> audience(String location) {
		Path dir = normalize(Path.of(location));
		return current().runtimes().stream().filter((r) -> r.profile().reads(dir)).map(RuntimeNotice::of).toList();
	}

	/**
	 * What the runtimes that read the directory at {@code location} make of its file
	 * {@code name} now: call it after writing the file. Empty: no runtime reads the
	 * directory.
	 */
	public List<RuntimeNotice> audience(String location, String name) {
		Path dir = normalize(Path.of(location));
		List<RuntimeNotice> notices = new ArrayList<>();
		for (RuntimeView view : current().runtimes()) {
			if (view.profile().reads(dir)) {
				notices.add(Reception.read(view, dir, state(view, dir, name)));
			}
		}
		return notices;
	}

	/**
	 * What every runtime would make of {@code candidate} were it written into its
	 * directory (replacing a file of the same name), each runtime's view computed as for
	 * the files on disk with the candidate in place; see {@link Reception}. A runtime
	 * that rejects what this service's own validation rejects too gets no warning (that
	 * is an error already).
	 */
	public Reception reception(HookFile candidate) {
		return reception(current(), candidate);
	}

	/**
	 * The warnings of {@link #reception(HookFile)} alone (what {@code PUT}, sync and the
	 * editor add to a definition's check). A runtime warns only when its own view marks
	 * the file invalid, that is when the file, as its Go release reads it, has an error
	 * for its extension stages ({@link Resolution#errorOf}); when no runtime that reads
	 * the directory has one, which is the usual case, no view is resolved again.
	 */
	public List<Problem> refusals(HookFile candidate) {
		return refusals(current(), candidate);
	}

	/** As {@link #refusals(HookFile)}, over the views {@code now}. */
	static List<Problem> refusals(Views now, HookFile candidate) {
		Path dir = directoryOf(now.snapshot(), candidate);
		for (RuntimeView view : now.runtimes()) {
			RuntimeProfile p = view.profile();
			if (p.reads(dir) && Resolution.errorOf(candidate.as(p.goRelease()), p.extensionStages()) != null) {
				return reception(now, candidate).warnings();
			}
		}
		return List.of();
	}

	/**
	 * As {@link #reception(HookFile)}, over the views {@code now} (public for the
	 * benchmark).
	 */
	public static Reception reception(Views now, HookFile candidate) {
		Snapshot snapshot = now.snapshot();
		Snapshot with = snapshot.with(snapshot.generation(), snapshot.loadedAt(),
				HookValidation.placed(snapshot.directories(), candidate));
		Path dir = directoryOf(snapshot, candidate);
		boolean acceptedHere = Resolution.errorOf(candidate, snapshot.extensionStages()) == null;
		List<RuntimeNotice> notices = new ArrayList<>();
		List<Problem> warnings = new ArrayList<>();
		for (RuntimeView current : now.runtimes()) {
			if (!current.profile().reads(dir)) {
				notices.add(Reception.notRead(current, dir));
				continue;
			}
			RuntimeView view = view(with, current.profile());
			FileState state = state(view, dir, candidate.name());
			notices.add(Reception.read(view, dir, state));
			Problem warning = (state != null && acceptedHere) ? Reception.warning(view, dir, state, candidate) : null;
			if (warning != null) {
				warnings.add(warning);
			}
		}
		return new Reception(notices, warnings);
	}

	/** The directory {@code candidate} would be written to, as the profiles name it. */
	private static Path directoryOf(Snapshot snapshot, HookFile candidate) {
		return normalize(Path.of(snapshot.directories()
			.stream()
			.filter((scan) -> scan.index() == candidate.directoryIndex())
			.map(DirectoryScan::path)
			.findFirst()
			.orElse(candidate.directory())));
	}

	/** The state of file {@code name} of directory {@code dir} in a runtime's view. */
	private static @Nullable FileState state(RuntimeView view, Path dir, String name) {
		for (FileState state : view.resolution().files()) {
			if (state.name().equals(name) && normalize(Path.of(state.directory())).equals(dir)) {
				return state;
			}
		}
		return null;
	}

	/** The views of {@code snapshot} for the profiles of {@code set}. */
	public static Views of(Snapshot snapshot, ProfileSet set) {
		List<RuntimeView> runtimes = new ArrayList<>();
		for (RuntimeProfile profile : set.profiles()) {
			runtimes.add(view(snapshot, profile));
		}
		return new Views(snapshot, set, List.copyOf(runtimes), files(snapshot, runtimes));
	}

	/**
	 * One runtime's view: its directories' scans in its order, resolved its way, and its
	 * verdict.
	 */
	static RuntimeView view(Snapshot snapshot, RuntimeProfile profile) {
		Map<Path, DirectoryScan> scans = new HashMap<>();
		for (DirectoryScan scan : snapshot.directories()) {
			scans.put(normalize(Path.of(scan.path())), scan);
		}
		List<DirectoryScan> own = new ArrayList<>();
		for (Path location : profile.locations()) {
			DirectoryScan scan = scans.get(normalize(location));
			if (scan != null) {
				own.add(scan);
			}
		}
		Snapshot sub = new Snapshot(snapshot.generation(), snapshot.loadedAt(), own, profile.extensionStages());
		Resolution resolution = sub.resolution(profile.extensionStages(), profile.loadMode(), profile.goRelease());
		Optional<Finding> configError = profile.configurationError();
		RuntimeError error = resolution.loadError();
		boolean crio = profile.kind() == RuntimeKind.CRIO;
		if (profile.loadMode() == LoadMode.NONE) {
			return new RuntimeView(profile, sub, resolution, Verdict.NO_HOOKS,
					profile.id() + " reads no hook directory: " + profile.loadModeReason(), List.of());
		}
		if (configError.isPresent()) {
			Finding f = configError.get();
			return new RuntimeView(profile, sub, resolution,
					crio ? Verdict.FAILS_TO_START : Verdict.REFUSES_EVERY_CONTAINER,
					f.source() + ": " + f.message() + " (" + f.consequence() + ")",
					List.of(new RuntimeError.FileError(f.source(), null, f.message())));
		}
		if (error != null) {
			String files = String.join(", ", error.files()
				.stream()
				.map((f) -> (f.name() != null) ? Path.of(f.directory()).resolve(f.name()).toString() : f.directory())
				.toList());
			String why = (crio ? "CRI-O fails to start (at its next start; while running it logs and skips the file): "
					: profile.id() + " refuses every container: ") + files + ": " + error.message();
			return new RuntimeView(profile, sub, resolution,
					crio ? Verdict.FAILS_TO_START : Verdict.REFUSES_EVERY_CONTAINER, why, error.files());
		}
		return new RuntimeView(profile, sub, resolution, Verdict.WORKS,
				profile.id() + " loads its hook directories without error", List.of());
	}

	private static List<FileView> files(Snapshot snapshot, List<RuntimeView> runtimes) {
		List<Map<String, FileState>> states = new ArrayList<>();
		for (RuntimeView runtime : runtimes) {
			Map<String, FileState> byKey = new HashMap<>();
			for (FileState state : runtime.resolution().files()) {
				byKey.put(state.directory() + "\0" + state.name(), state);
			}
			states.add(byKey);
		}
		List<FileView> files = new ArrayList<>();
		for (DirectoryScan scan : snapshot.directories()) {
			Path location = normalize(Path.of(scan.path()));
			for (var file : scan.files()) {
				List<FileView.Reading> readings = new ArrayList<>();
				boolean read = false;
				List<String> accepting = new ArrayList<>();
				List<String> refusing = new ArrayList<>();
				for (int i = 0; i < runtimes.size(); i++) {
					RuntimeView runtime = runtimes.get(i);
					String id = runtime.profile().id();
					FileState state = runtime.profile().reads(location)
							? states.get(i).get(file.directory() + "\0" + file.name()) : null;
					if (state == null) {
						readings.add(new FileView.Reading(id, FileStatus.NOT_READ, false, null));
						continue;
					}
					read = true;
					FileStatus status = FileStatus.of(state.status());
					readings.add(new FileView.Reading(id, status, state.blocksRuntime(),
							state.problems().stream().map(Problem::message).findFirst().orElse(null)));
					if (runtime.profile().loadMode() != LoadMode.NONE && state.status() != Status.IGNORED) {
						(state.status() == Status.INVALID ? refusing : accepting).add(id);
					}
				}
				files.add(new FileView(file.directory(), file.name(), readings, !read,
						accepting.isEmpty() ? List.of() : refusing));
			}
		}
		return List.copyOf(files);
	}

	private static Path normalize(Path path) {
		return path.toAbsolutePath().normalize();
	}

}
