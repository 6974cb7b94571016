package io.github.ocihooks.admin.runtimes;

import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.TakesEffect;

/**
 * What a change to a hook directory means for one runtime that reads it: when it sees the
 * change, and its verdict with the directories as they are now.
 *
 * @param profile the runtime profile's id
 * @param kind its kind
 * @param takesEffect when it sees the change
 * @param when the same for people (podman: at the next container start; CRI-O: now, and
 * the verdict at its next restart; Buildah: the next RUN step)
 * @param verdict its verdict now
 * @param why the verdict in one sentence
 */
public record RuntimeNotice(String profile, RuntimeKind kind, TakesEffect takesEffect, String when, Verdict verdict,
		String why) {

	static RuntimeNotice of(RuntimeView view) {
		var p = view.profile();
		String when = p.takesEffect().explanation();
		if (p.kind() == RuntimeKind.CRIO) {
			when += " At its next restart: " + ((view.verdict() == Verdict.WORKS) ? "it starts" : "it does not start")
					+ ".";
		}
		return new RuntimeNotice(p.id(), p.kind(), p.takesEffect(), when, view.verdict(), view.why());
	}

}
