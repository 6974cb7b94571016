package io.github.ocihooks.admin.web;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/** Unified diffs for the pages, as lines with a kind so the template can colour them without inline styles. */
final class TextDiff {

	private TextDiff() {
	}

	/**
	 * One line of a unified diff.
	 *
	 * @param kind {@code add}, {@code remove}, {@code hunk}, {@code header} or {@code context}
	 * @param text the line as the diff prints it
	 */
	record Line(String kind, String text) {
	}

	/** The unified diff from {@code before} to {@code after}; empty when they are equal. */
	static List<Line> unified(String beforeName, String before, String afterName, String after) {
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

	private static String kind(String line) {
		if (line.startsWith("+++") || line.startsWith("---")) {
			return "header";
		}
		if (line.startsWith("@@")) {
			return "hunk";
		}
		if (line.startsWith("+")) {
			return "add";
		}
		if (line.startsWith("-")) {
			return "remove";
		}
		return "context";
	}

	static List<String> lines(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		return List.of(text.split("\r?\n", -1));
	}

}
