package io.github.ocihooks.admin.runtimes;

import java.util.List;

import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.TakesEffect;
import org.jspecify.annotations.Nullable;

/**
 * What a change to a hook directory means for one runtime: whether it reads the
 * directory, when it sees the change, its verdict with the directories as they are (or
 * would be), and, for a change of one file, whether it accepts that file and what
 * follows.
 *
 * @param profile the runtime profile's id
 * @param kind its kind
 * @param takesEffect when it sees the change
 * @param when the same for people (podman: at the next container start; CRI-O: now, and
 * the verdict at its next restart; Buildah: the next RUN step)
 * @param verdict its verdict now (for a file checked before writing: with the file
 * written)
 * @param why the verdict in one sentence
 * @param reads whether it reads the directory (in a write's answer always: only the
 * runtimes that read it are listed)
 * @param accepts for a change of one file: whether it loads the file without an error (a
 * {@code precreate} stage is an error for CRI-O and Buildah); null when it does not read
 * the directory, reads no hook directory at all, or the change is of several files
 * @param consequence for a change of one file: what the runtime does with it, in one
 * sentence naming the runtime; null for a change of several files
 */
public record RuntimeNotice(String profile, RuntimeKind kind, TakesEffect takesEffect, String when, Verdict verdict,
		String why, boolean reads, @Nullable Boolean accepts, @Nullable String consequence) {

	/**
	 * Which runtimes see a change, and when, in sentences for people (the dashboard's
	 * messages after a save, delete or restore): each runtime's {@link #when()}, with its
	 * verdict when it does not leave it working; {@code nobody} when the list is empty
	 * (no runtime reads the directory).
	 */
	public static String summary(List<RuntimeNotice> audience, String nobody) {
		if (audience.isEmpty()) {
			return nobody;
		}
		return String.join(" ",
				audience.stream()
					.map((r) -> r.profile() + ": " + r.when()
							+ ((r.verdict() != Verdict.WORKS) ? " Verdict: " + r.why() + "." : ""))
					.toList());
	}

	/** A runtime that reads a directory where several files changed. */
	static RuntimeNotice of(RuntimeView view) {
		return of(view, true, null, null);
	}

	static RuntimeNotice of(RuntimeView view, boolean reads, @Nullable Boolean accepts, @Nullable String consequence) {
		var p = view.profile();
		String when;
		if (!reads) {
			when = "Never: it does not read this directory.";
		}
		else {
			when = p.takesEffect().explanation();
			if (p.kind() == RuntimeKind.CRIO) {
				when += " At its next restart: "
						+ ((view.verdict() == Verdict.WORKS) ? "it starts" : "it does not start") + ".";
			}
		}
		return new RuntimeNotice(p.id(), p.kind(), p.takesEffect(), when, view.verdict(), view.why(), reads, accepts,
				consequence);
	}

}
