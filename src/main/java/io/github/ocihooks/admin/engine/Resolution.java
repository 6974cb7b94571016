package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the runtime's {@code hooks.New} makes of the scanned directories for one set of
 * extension stages: which file wins for each name, in which order hooks are tried, and
 * whether loading fails altogether.
 * <p>
 * The reference reads each directory with {@code ReadDir}, which skips names not ending
 * in {@code .json} and dangling links, keeps going past bad files and returns the errors
 * chained so that only the <em>first</em> one (in name order) stays inspectable with
 * {@code errors.Is}. {@code New} then ignores a directory's error when it "is"
 * {@code os.ErrNotExist}. Consequences that we reproduce, and explain:
 * <ul>
 * <li>a missing directory is fine;</li>
 * <li>a definition whose executable is missing is dropped without refusing containers,
 * and does not mask a lower file of the same name;</li>
 * <li>but if that is the directory's first error, every later error in the same directory
 * is ignored as well;</li>
 * <li>any other first error makes the runtime refuse every container, even when the
 * broken file is masked by a file in a higher directory;</li>
 * <li>a valid file replaces the same name from a lower directory.</li>
 * </ul>
 */
public final class Resolution {

	/**
	 * The stages of the OCI runtime spec that the reference accepts without extension.
	 */
	public static final Set<String> OCI_STAGES = Set.copyOf(Stages.OCI);

	private final LoadMode loadMode;

	private final Set<String> extensionStages;

	private final List<FileState> files;

	private final List<FileState> injectionOrder;

	private final RuntimeError loadError;

	private final List<Manager> managers;

	private final List<Problem> problemsBySeverity;

	/**
	 * One {@code hooks.New} call and the {@code Manager.Hooks} call on its result, as the
	 * consumer makes them.
	 *
	 * @param directories the directories given to {@code hooks.New}, in increasing
	 * precedence
	 * @param injectionOrder the files this manager tries, in its order
	 * @param loadError non-null when this {@code hooks.New} fails: the consumer refuses
	 * the container there
	 */
	public record Manager(List<String> directories, List<FileState> injectionOrder, RuntimeError loadError) {

		public Manager {
			directories = List.copyOf(directories);
			injectionOrder = List.copyOf(injectionOrder);
		}

	}

	/** One {@code hooks.New} over all directories ({@link LoadMode#MERGED}). */
	Resolution(List<DirectoryScan> scans, Collection<String> extensionStages) {
		this.loadMode = LoadMode.MERGED;
		this.extensionStages = Set.copyOf(new LinkedHashSet<>(extensionStages));
		Set<String> valid = new java.util.HashSet<>(OCI_STAGES);
		valid.addAll(this.extensionStages);

		Map<HookFile, Problem> errors = new LinkedHashMap<>();
		Map<HookFile, List<Problem>> extra = new HashMap<>();
		Map<HookFile, Boolean> blocking = new HashMap<>();
		Map<String, HookFile> effective = new HashMap<>();
		Map<HookFile, List<HookFile>> replaced = new HashMap<>();
		RuntimeError firstFatal = null;
		List<RuntimeError.FileError> blockingFiles = new ArrayList<>();

		for (DirectoryScan scan : scans) {
			if (scan.error() != null) {
				blockingFiles.add(new RuntimeError.FileError(scan.path(), null, scan.error()));
				if (firstFatal == null) {
					firstFatal = new RuntimeError("load", scan.error(), List.of());
				}
				continue;
			}
			List<HookFile> failed = new ArrayList<>();
			for (HookFile file : scan.files()) {
				Problem error = errorOf(file, valid);
				if (error != null) {
					errors.put(file, error);
					failed.add(file);
				}
				else if (file.kind() == HookFile.Kind.VALID) {
					HookFile lower = effective.put(file.name(), file);
					if (lower != null) {
						replaced.computeIfAbsent(file, k -> new ArrayList<>()).add(lower);
					}
				}
			}
			if (failed.isEmpty()) {
				continue;
			}
			HookFile first = failed.get(0);
			boolean ignored = first.kind() == HookFile.Kind.EXECUTABLE_MISSING;
			StringBuilder chain = new StringBuilder();
			for (HookFile file : failed) {
				blocking.put(file, !ignored);
				if (ignored && file != first) {
					extra.computeIfAbsent(file, k -> new ArrayList<>())
						.add(Problem.of(Severity.WARNING, "error-ignored", null, 0, "The runtime ignores this error: "
								+ "the first error in this directory (" + first.name()
								+ ") is a missing executable, and the runtime then drops the whole directory's errors "
								+ "(it checks only the first one for \"does not exist\"). Fixing " + first.name()
								+ " would make this file refuse every container."));
				}
				if (!ignored) {
					chain.insert(0,
							(chain.length() > 0) ? errors.get(file).message() + ": " : errors.get(file).message());
					blockingFiles
						.add(new RuntimeError.FileError(file.directory(), file.name(), errors.get(file).message()));
				}
			}
			if (!ignored && firstFatal == null) {
				firstFatal = new RuntimeError("load", chain.toString(), List.of());
			}
		}
		this.loadError = (firstFatal != null) ? new RuntimeError("load", firstFatal.message(), blockingFiles) : null;

		// Statuses, masking, problems.
		Map<HookFile, HookFile> maskedBy = new HashMap<>();
		replaced.forEach((winner, losers) -> {
			for (HookFile loser : losers) {
				maskedBy.put(loser, winner);
			}
		});
		Map<String, List<HookFile>> byName = new HashMap<>();
		for (DirectoryScan scan : scans) {
			for (HookFile file : scan.files()) {
				byName.computeIfAbsent(file.name(), k -> new ArrayList<>()).add(file);
			}
		}
		List<FileState> states = new ArrayList<>();
		Map<HookFile, FileState> stateOf = new HashMap<>();
		for (DirectoryScan scan : scans) {
			for (HookFile file : scan.files()) {
				List<Problem> problems = new ArrayList<>();
				Problem error = errors.get(file);
				boolean blocks = blocking.getOrDefault(file, false);
				Status status;
				if (file.kind() == HookFile.Kind.NOT_JSON) {
					status = Status.IGNORED;
				}
				else if (file.kind() == HookFile.Kind.VANISHED) {
					status = Status.SKIPPED;
				}
				else if (error != null) {
					status = (file.kind() == HookFile.Kind.EXECUTABLE_MISSING) ? Status.SKIPPED : Status.INVALID;
					problems.add(error.at(file.directory(), file.name()).withBlocksRuntime(blocks));
				}
				else {
					status = maskedBy.containsKey(file) ? Status.MASKED : Status.ACTIVE;
				}
				// Same name elsewhere: explain who wins.
				HookFile winner = effective.get(file.name());
				if (error != null && winner != null && winner != file) {
					if (winner.directoryIndex() > file.directoryIndex() && blocks) {
						problems.add(Problem.of(Severity.ERROR, "masked-but-fatal", null, 0,
								"Masked by " + winner.path()
										+ ", yet still read by the runtime first: this broken file makes it "
										+ "refuse every container. Fix or remove it."));
					}
					else if (winner.directoryIndex() < file.directoryIndex()) {
						problems.add(Problem.of(Severity.WARNING, "does-not-mask", null, 0,
								"Because the runtime rejects this file, it does not mask " + winner.path()
										+ ": that lower file stays active."));
					}
				}
				if (status == Status.SKIPPED && file.kind() == HookFile.Kind.EXECUTABLE_MISSING && !blocks) {
					problems.add(Problem.of(Severity.WARNING, "skipped", null, 0,
							"The runtime silently skips this hook because its executable "
									+ file.definition().hook().path() + " does not exist"
									+ ((winner != null && winner != file) ? "; " + winner.path() + " stays active."
											: ".")));
				}
				problems.addAll(extra.getOrDefault(file, List.of()));
				problems.addAll(file.notes());
				List<String> masks = new ArrayList<>();
				for (HookFile lower : replaced.getOrDefault(file, List.of())) {
					masks.add(lower.directory());
				}
				HookFile masker = maskedBy.get(file);
				List<Problem> located = new ArrayList<>(problems.size());
				for (Problem p : problems) {
					located.add((p.file() == null) ? p.at(file.directory(), file.name()) : p);
				}
				FileState state = new FileState(file, status, located, (masker != null) ? masker.directory() : null,
						masks, blocks);
				states.add(state);
				stateOf.put(file, state);
			}
		}

		List<HookFile> ordered = new ArrayList<>(effective.values());
		ordered.sort(INJECTION_ORDER);
		List<FileState> order = new ArrayList<>(ordered.size());
		for (int i = 0; i < ordered.size(); i++) {
			HookFile f = ordered.get(i);
			order.add(stateOf.get(f));
		}
		// Names equal when lower-cased: Go sorts them with sort.Slice, whose order
		// between equal keys is unspecified.
		for (int i = 1; i < ordered.size(); i++) {
			String a = GoStrings.toLower(ordered.get(i - 1).name());
			String b = GoStrings.toLower(ordered.get(i).name());
			if (a.equals(b)) {
				for (HookFile f : List.of(ordered.get(i - 1), ordered.get(i))) {
					FileState s = stateOf.get(f);
					List<Problem> ps = new ArrayList<>(s.problems());
					ps.add(Problem
						.of(Severity.WARNING, "case-collision", null, 0,
								"\"" + ordered.get(i - 1).name() + "\" and \"" + ordered.get(i).name()
										+ "\" are equal when lower-cased: the runtime "
										+ "orders them unpredictably (this preview shows them in code point order).")
						.at(f.directory(), f.name()));
					FileState updated = new FileState(s.file(), s.status(), ps, s.maskedBy(), s.masks(),
							s.blocksRuntime());
					stateOf.put(f, updated);
					states.set(states.indexOf(s), updated);
					order.set(order.indexOf(s), updated);
				}
			}
		}
		this.files = List.copyOf(states);
		this.injectionOrder = List.copyOf(order);
		this.managers = List
			.of(new Manager(scans.stream().map(DirectoryScan::path).toList(), this.injectionOrder, this.loadError));
		List<Problem> problems = problems();
		problems.sort(Comparator.comparing(Problem::severity));
		this.problemsBySeverity = List.copyOf(problems);
	}

	private Resolution(LoadMode loadMode, Set<String> extensionStages, List<FileState> files, List<Manager> managers) {
		this.loadMode = loadMode;
		this.extensionStages = extensionStages;
		this.files = List.copyOf(files);
		this.managers = List.copyOf(managers);
		List<FileState> order = new ArrayList<>();
		RuntimeError error = null;
		for (Manager m : managers) {
			order.addAll(m.injectionOrder());
			if (error == null) {
				error = m.loadError();
			}
		}
		this.injectionOrder = List.copyOf(order);
		this.loadError = error;
		List<Problem> problems = problems();
		problems.sort(Comparator.comparing(Problem::severity));
		this.problemsBySeverity = List.copyOf(problems);
	}

	/**
	 * How a consumer loading the directories the given way resolves them.
	 * <ul>
	 * <li>{@link LoadMode#MERGED}: one {@code hooks.New} over all directories (masking
	 * across directories).</li>
	 * <li>{@link LoadMode#PER_DIRECTORY}: one {@code hooks.New} per directory, in
	 * directory order, as podman's {@code setupOCIHooks} does over
	 * {@code hooks.DefaultDir} then {@code hooks.OverrideDir}: each directory is resolved
	 * on its own, so nothing masks anything; a failing directory refuses the container
	 * when the consumer reaches it.</li>
	 * <li>{@link LoadMode#NONE}: no directory is read; every entry is
	 * {@link Status#IGNORED}.</li>
	 * </ul>
	 */
	static Resolution of(List<DirectoryScan> scans, Collection<String> extensionStages, LoadMode loadMode) {
		return of(scans, extensionStages, loadMode, GoRelease.LATEST);
	}

	/**
	 * As {@link #of(List, Collection, LoadMode)}, for a consumer built with {@code go}:
	 * every file is read again with that release's rules ({@link HookFile#as(GoRelease)})
	 * before it is resolved, so a file can be valid for one consumer and refuse every
	 * container of another.
	 */
	static Resolution of(List<DirectoryScan> scans, Collection<String> extensionStages, LoadMode loadMode,
			GoRelease go) {
		if (loadMode != LoadMode.NONE) {
			scans = scans.stream().map(scan -> as(scan, go)).toList();
		}
		return resolve(scans, extensionStages, loadMode);
	}

	private static DirectoryScan as(DirectoryScan scan, GoRelease go) {
		if (scan.files().stream().allMatch(f -> f.as(go) == f)) {
			return scan;
		}
		return new DirectoryScan(scan.index(), scan.path(), scan.exists(), scan.error(),
				scan.files().stream().map(f -> f.as(go)).toList());
	}

	private static Resolution resolve(List<DirectoryScan> scans, Collection<String> extensionStages,
			LoadMode loadMode) {
		Set<String> stages = Set.copyOf(new LinkedHashSet<>(extensionStages));
		switch (loadMode) {
			case MERGED:
				return new Resolution(scans, stages);
			case PER_DIRECTORY: {
				List<FileState> files = new ArrayList<>();
				List<Manager> managers = new ArrayList<>();
				for (DirectoryScan scan : scans) {
					Resolution one = new Resolution(List.of(scan), stages);
					files.addAll(one.files());
					managers.addAll(one.managers());
				}
				return new Resolution(LoadMode.PER_DIRECTORY, stages, files, managers);
			}
			case NONE: {
				List<FileState> files = new ArrayList<>();
				for (DirectoryScan scan : scans) {
					for (HookFile file : scan.files()) {
						files.add(new FileState(file, Status.IGNORED, List.of(), null, List.of(), false));
					}
				}
				return new Resolution(LoadMode.NONE, stages, files, List.of());
			}
			default:
				throw new IllegalArgumentException(String.valueOf(loadMode));
		}
	}

	/**
	 * Go's {@code strings.ToLower(a) < strings.ToLower(b)}, ties broken by the name
	 * itself.
	 */
	static final Comparator<HookFile> INJECTION_ORDER = (a, b) -> {
		int c = GoStrings.compare(GoStrings.toLower(a.name()), GoStrings.toLower(b.name()));
		return (c != 0) ? c : GoStrings.compare(a.name(), b.name());
	};

	/**
	 * The error the runtime reports for a file given the extension stages (its load
	 * error, or an unknown stage), or null when the runtime accepts it.
	 */
	public static Problem errorOf(HookFile file, Collection<String> extensionStages) {
		Set<String> valid = new java.util.HashSet<>(OCI_STAGES);
		valid.addAll(extensionStages);
		return errorOf(file, valid);
	}

	private static Problem errorOf(HookFile file, Set<String> validStages) {
		if (file.error() != null) {
			return file.error();
		}
		if (file.kind() != HookFile.Kind.VALID) {
			return null;
		}
		List<String> stages = file.definition().stages();
		for (int i = 0; i < stages.size(); i++) {
			if (!validStages.contains(stages.get(i))) {
				return new Problem(Severity.ERROR, "unknown-stage", null, null, "/stages/" + i, 0,
						"unknown stage " + GoStrings.quote(stages.get(i)), false);
			}
		}
		return null;
	}

	/** How the consumer calls {@code hooks.New}. */
	public LoadMode loadMode() {
		return this.loadMode;
	}

	/**
	 * The consumer's {@code hooks.New} calls in order: one for {@link LoadMode#MERGED},
	 * one per directory for {@link LoadMode#PER_DIRECTORY}, none for
	 * {@link LoadMode#NONE}.
	 */
	public List<Manager> managers() {
		return this.managers;
	}

	public Set<String> extensionStages() {
		return this.extensionStages;
	}

	/** Every entry of every directory, in directory then name order. */
	public List<FileState> files() {
		return this.files;
	}

	/**
	 * The files the runtime tries, in its order (file name lower-cased); with
	 * {@link LoadMode#PER_DIRECTORY}, each directory's files in turn.
	 */
	public List<FileState> injectionOrder() {
		return this.injectionOrder;
	}

	/**
	 * Non-null when loading fails: the runtime then refuses every container (with
	 * {@link LoadMode#PER_DIRECTORY}, the first failing directory's error).
	 */
	public RuntimeError loadError() {
		return this.loadError;
	}

	/** Every problem, errors first (stable within a severity). */
	public List<Problem> problemsBySeverity() {
		return this.problemsBySeverity;
	}

	public List<Problem> problems() {
		List<Problem> all = new ArrayList<>();
		for (FileState s : this.files) {
			all.addAll(s.problems());
		}
		return all;
	}

}
