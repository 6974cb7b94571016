package io.github.ocihooks.admin.runtimes;

import java.nio.file.Path;
import java.util.List;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookValidation;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Resolution;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import org.jspecify.annotations.Nullable;

/**
 * What the runtimes make of one hook file in one directory, each from its own view of the
 * directories ({@link RuntimeViews}): a file on disk, or one checked before it is
 * written.
 *
 * @param runtimes one notice per runtime profile, in profile order
 * @param warnings one per runtime that reads the directory and rejects the file although
 * this service's own validation accepts it (a {@code precreate} stage for CRI-O and
 * Buildah): stable code {@value #REFUSED}, at the offending value, saying what follows
 * for that runtime
 */
public record Reception(List<RuntimeNotice> runtimes, List<Problem> warnings) {

	/** The code of a warning about a runtime that rejects a file others accept. */
	public static final String REFUSED = "refused-by-runtime";

	public Reception {
		runtimes = List.copyOf(runtimes);
		warnings = List.copyOf(warnings);
	}

	/** Whether some runtime reads the file's directory (else the file never runs). */
	public boolean read() {
		return this.runtimes.stream().anyMatch(RuntimeNotice::reads);
	}

	/** A runtime that does not read the directory. */
	static RuntimeNotice notRead(RuntimeView view, Path directory) {
		return RuntimeNotice.of(view, false, null,
				view.profile().title() + " does not read " + directory + ": it never sees this file.");
	}

	/**
	 * A runtime that reads the directory, from its view with the file in place
	 * ({@code state} the file's state in that view, null when it is not there).
	 */
	static RuntimeNotice read(RuntimeView view, Path directory, @Nullable FileState state) {
		boolean loads = view.profile().loadMode() != LoadMode.NONE && state != null;
		return RuntimeNotice.of(view, true, loads ? state.status() != Status.INVALID : null,
				consequence(view, directory, state));
	}

	/**
	 * The warning for a runtime that rejects a file, at the offending value (with line
	 * and column in the text {@code file} was read from), or null when the runtime
	 * accepts the file.
	 */
	static @Nullable Problem warning(RuntimeView view, Path directory, FileState state, HookFile file) {
		if (state.status() != Status.INVALID) {
			return null;
		}
		Problem error = Resolution.errorOf(state.file(), view.profile().extensionStages());
		Problem warning = new Problem(Severity.WARNING, REFUSED, null, null, (error != null) ? error.pointer() : null,
				0, consequence(view, directory, state), state.blocksRuntime());
		return HookValidation.located(file, warning);
	}

	/** What the runtime does with the file, in one sentence naming the runtime. */
	static String consequence(RuntimeView view, Path directory, @Nullable FileState state) {
		RuntimeProfile p = view.profile();
		if (p.loadMode() == LoadMode.NONE) {
			return p.title() + " reads no hook directory: " + p.loadModeReason() + ".";
		}
		String head = p.title() + " reads " + directory;
		if (state == null) {
			return head + ".";
		}
		return switch (state.status()) {
			case ACTIVE ->
				head + " and loads this file" + ((view.verdict() == Verdict.WORKS) ? "." : ", but " + view.why() + ".");
			case MASKED -> head + " and loads this file, but "
					+ Path.of(String.valueOf(state.maskedBy())).resolve(state.name()) + " masks it.";
			case SKIPPED -> head + " and silently skips this file ("
					+ ((state.file().kind() == HookFile.Kind.EXECUTABLE_MISSING)
							? "its executable " + state.file().definition().hook().path() + " does not exist"
							: "it vanished or is a dangling link")
					+ ").";
			case IGNORED -> head + " and ignores this file (only names ending in \".json\" are hook files).";
			case INVALID -> refusal(p, head, state);
		};
	}

	private static String refusal(RuntimeProfile p, String head, FileState state) {
		Problem error = Resolution.errorOf(state.file(), p.extensionStages());
		String message = (error != null) ? error.message() : "rejected";
		String reason;
		if (error != null && "unknown-stage".equals(error.code())) {
			reason = (p.extensionStages().isEmpty() ? "accepts no extension stages"
					: "accepts only the extension stages " + String.join(", ", p.extensionStages())) + " (" + message
					+ ")";
		}
		else {
			reason = "rejects this file (" + message + ")";
		}
		String effect;
		if (!state.blocksRuntime()) {
			effect = "it does not load this file, and ignores the error only because the first error in its "
					+ "directory is a missing executable";
		}
		else if (p.kind() == RuntimeKind.CRIO) {
			effect = "this file makes it fail to start at its next restart (and it skips the file until then)";
		}
		else {
			effect = "with this file it refuses every container"
					+ ((p.kind() == RuntimeKind.BUILDAH) ? " (every RUN step of a build)" : "");
		}
		return head + " and " + reason + ": " + effect + ".";
	}

}
