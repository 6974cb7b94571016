package io.github.ocihooks.admin.history;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/**
 * The one wrapper of java-diff-utils: unified diffs as text (the API's sync plans and
 * history) and as lines with a kind (the pages, so the template can colour them without
 * inline styles).
 */
public final class TextDiff {

	private TextDiff() {
	}

	/**
	 * What a line of a unified diff is; {@link #toString()} is the lower-case name the
	 * pages' CSS classes use.
	 */
	public enum Kind {

		/** A line only in the new text. */
		ADD,
		/** A line only in the old text. */
		REMOVE,
		/** A {@code @@} hunk header. */
		HUNK,
		/** A {@code ---} or {@code +++} file header. */
		HEADER,
		/** A line in both. */
		CONTEXT;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * One line of a unified diff.
	 *
	 * @param kind what the line is
	 * @param text the line as the diff prints it
	 */
	public record Line(Kind kind, String text) {
	}

	/**
	 * The unified diff from {@code before} to {@code after}; empty when they are equal.
	 */
	public static List<Line> unified(String beforeName, String before, String afterName, String after) {
		List<String> a = lines(before);
		List<String> b = lines(after);
		Patch<String> patch = DiffUtils.diff(a, b);
		if (patch.getDeltas().isEmpty()) {
			return List.of();
		}
		List<Line> out = new ArrayList<>();
		for (String line : UnifiedDiffUtils.generateUnifiedDiff(beforeName, afterName, a, patch, 3)) {
			out.add(new Line(kind(line), line));
		}
		return out;
	}

	private static Kind kind(String line) {
		if (line.startsWith("+++") || line.startsWith("---")) {
			return Kind.HEADER;
		}
		if (line.startsWith("@@")) {
			return Kind.HUNK;
		}
		if (line.startsWith("+")) {
			return Kind.ADD;
		}
		if (line.startsWith("-")) {
			return Kind.REMOVE;
		}
		return Kind.CONTEXT;
	}

	public static List<String> lines(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		return List.of(text.split("\r?\n", -1));
	}

	/**
	 * The unified diff of two file contents as one text ({@code /dev/null} for a side
	 * that does not exist), as the API reports it; empty when they are equal.
	 */
	public static String unifiedText(String name, byte[] before, byte[] after) {
		List<String> a = textLines(before);
		List<String> b = textLines(after);
		Patch<String> patch = DiffUtils.diff(a, b);
		List<String> unified = UnifiedDiffUtils.generateUnifiedDiff((before != null) ? "a/" + name : "/dev/null",
				(after != null) ? "b/" + name : "/dev/null", a, patch, 3);
		return String.join("\n", unified) + (unified.isEmpty() ? "" : "\n");
	}

	private static List<String> textLines(byte[] content) {
		if (content == null) {
			return List.of();
		}
		return new String(content, StandardCharsets.UTF_8).lines().toList();
	}

}
