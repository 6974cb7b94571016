package io.github.ocihooks.admin.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What an admin is told about content before it is written: every problem at once (the
 * runtime stops at the first), each at its place, in the runtime's words, plus what the
 * runtime does about it. Used by the validator and by writes.
 */
public final class HookValidation {

	private HookValidation() {
	}

	/**
	 * The verdict on some content.
	 *
	 * @param file the file as the runtime would read it (kind, definition, the error it
	 * reports)
	 * @param errors every reason the runtime rejects it, the one it reports first;
	 * pointers into the definition, lines and columns into the text
	 * @param notes what the runtime accepts but an admin would want to know
	 * @param converted for legacy 0.1.0 content, the same hook as 1.0.0 text when one
	 * file can express it, else null
	 */
	public record Verdict(HookFile file, List<Problem> errors, List<Problem> notes, String converted) {

		public Verdict {
			errors = List.copyOf(errors);
			notes = List.copyOf(notes);
		}

		/** Whether the runtime loads and uses it. */
		public boolean valid() {
			return this.errors.isEmpty();
		}

		public HookDefinition definition() {
			return this.file.definition();
		}

	}

	/**
	 * Checks the text of a file.
	 * @param name the file name the caller gave, or null (no name is invented in
	 * messages)
	 */
	public static Verdict ofText(HookLoader loader, int index, String directory, String name, byte[] content,
			Collection<String> extensionStages) {
		HookFile file = loader.check(index, directory, (name != null) ? name : "", content);
		HookReader.Result read = HookReader.read(content);
		GoJson.Value root;
		try {
			root = GoJson.parse(content);
		}
		catch (GoJson.SyntaxException ex) {
			root = null;
		}
		return verdict(loader, file, read, root, name, extensionStages);
	}

	/** Checks a definition given as a parsed JSON value (pointers are relative to it). */
	public static Verdict ofValue(HookLoader loader, int index, String directory, String name, GoJson.Value root,
			Collection<String> extensionStages) {
		HookFile file = loader.check(index, directory, (name != null) ? name : "", root);
		HookReader.Result read = HookReader.read(root);
		return verdict(loader, file, read, root, name, extensionStages);
	}

	private static Verdict verdict(HookLoader loader, HookFile file, HookReader.Result read, GoJson.Value root,
			String name, Collection<String> extensionStages) {
		List<Problem> errors = new ArrayList<>();
		if (!read.ok()) {
			// The runtime's words: "parsing hook PATH: ...", with the path only when the
			// caller named the file.
			String prefix = (name != null) ? "parsing hook "
					+ GoStrings.quote(Path.of(file.directory()).resolve(name).normalize().toString()) + ": " : "";
			for (Problem p : read.errors()) {
				errors.add(located(root, p.withMessage(prefix + p.message())));
			}
			return new Verdict(file, errors, located(root, file.notes()), null);
		}
		errors.addAll(located(root, loader.validationErrors(read.definition(), extensionStages)));
		return new Verdict(file, errors, located(root, file.notes()), HookWriter.converted(read.definition()));
	}

	private static List<Problem> located(GoJson.Value root, List<Problem> problems) {
		List<Problem> out = new ArrayList<>(problems.size());
		for (Problem p : problems) {
			out.add(located(root, p));
		}
		return out;
	}

	/**
	 * Gives a problem without a line the line and column of the value its pointer names,
	 * when that is in the text.
	 */
	static Problem located(GoJson.Value root, Problem p) {
		if (root == null || p.pointer() == null || (p.line() > 0 && p.column() > 0)) {
			return p;
		}
		GoJson.Value value = find(root, p.pointer());
		if (value == null || value.position().line() <= 0) {
			return p;
		}
		if (p.line() > 0 && p.line() != value.position().line()) {
			return p;
		}
		return p.located(p.pointer(), value.position().line(), value.position().column());
	}

	/**
	 * The value an RFC 6901 pointer names, keys matched as Go matches them (exactly, else
	 * case-insensitively).
	 */
	static GoJson.Value find(GoJson.Value root, String pointer) {
		if (pointer.isEmpty()) {
			return root;
		}
		GoJson.Value current = root;
		for (String raw : pointer.substring(1).split("/", -1)) {
			String token = raw.replace("~1", "/").replace("~0", "~");
			if (current instanceof GoJson.JObject object) {
				GoJson.Value exact = null;
				GoJson.Value folded = null;
				String fold = GoBinder.fold(token);
				for (GoJson.Member m : object.members()) {
					if (m.name().equals(token)) {
						exact = m.value();
					}
					else if (fold != null && fold.equals(GoBinder.fold(m.name()))) {
						folded = m.value();
					}
				}
				current = (exact != null) ? exact : folded;
			}
			else if (current instanceof GoJson.JArray array && token.matches("\\d{1,9}")
					&& Integer.parseInt(token) < array.elements().size()) {
				current = array.elements().get(Integer.parseInt(token));
			}
			else {
				return null;
			}
			if (current == null) {
				return null;
			}
		}
		return current;
	}

	/**
	 * Whether the runtime would refuse every container with this file in its directory:
	 * placed among the directory's current files by name (first when it has no name), it
	 * is the first error there or follows one that is not a missing executable, even if a
	 * file of the same name in a higher directory masks it.
	 */
	public static boolean blocksRuntime(List<DirectoryScan> scans, HookFile candidate,
			Collection<String> extensionStages) {
		Resolution resolution = new Resolution(placed(scans, candidate), extensionStages);
		for (FileState state : resolution.files()) {
			if (state.file() == candidate) {
				return state.blocksRuntime();
			}
		}
		return false;
	}

	/**
	 * The scans as they would be with {@code candidate} written: placed among the files
	 * of the scan with its directory index by name (first when it has no name), replacing
	 * a file of the same name; that directory counts as existing.
	 */
	public static List<DirectoryScan> placed(List<DirectoryScan> scans, HookFile candidate) {
		List<DirectoryScan> placed = new ArrayList<>(scans.size());
		for (DirectoryScan scan : scans) {
			if (scan.index() != candidate.directoryIndex()) {
				placed.add(scan);
				continue;
			}
			List<HookFile> files = new ArrayList<>();
			for (HookFile f : scan.files()) {
				if (!f.name().equals(candidate.name())) {
					files.add(f);
				}
			}
			files.add(candidate);
			files.sort((a, b) -> GoStrings.compare(a.name(), b.name()));
			placed.add(new DirectoryScan(scan.index(), scan.path(), true, scan.error(), files));
		}
		return placed;
	}

	/**
	 * A problem about {@code file} with the line and column of the value its pointer
	 * names in the text the file was read from, when known (as the verdict's own problems
	 * are located).
	 */
	public static Problem located(HookFile file, Problem p) {
		return (file.source() != null) ? located(file.source().root(), p) : p;
	}

}
