package io.github.ocihooks.admin.engine;

import java.util.IdentityHashMap;

/**
 * Where a preview gets each hook's matching decision ({@link Matcher#matches}): computed
 * on the spot, or shared between previews of one container for several runtimes that
 * derive the same {@link Matcher.Facts}.
 * <p>
 * {@code When.Match} looks at the hook's compiled conditions and the facts, nothing else,
 * so the same {@link CompiledWhen} with equal facts gives the same decision (true, false,
 * or the matching error) whichever runtime asks. A shared instance holds the facts it was
 * made for and only ever decides with them; {@link HookPreview#previewAll} gives one to
 * each group of previews whose facts are equal, and none to a preview whose facts are its
 * own. Keyed by identity: runtimes reading the same directory of a snapshot see the same
 * file objects, and a file read again for a runtime built with another Go release keeps
 * its compiled conditions when they compile there too ({@code HookLoader.reread}); any
 * other conditions are other objects and are decided on their own. Not thread-safe: one
 * per call of {@link HookPreview#previewAll}.
 */
final class Decisions {

	private final Matcher.Facts facts;

	/** Boolean: the decision; String: the matching error's message. Null when alone. */
	private final IdentityHashMap<CompiledWhen, Object> known;

	private boolean recording;

	private int computed;

	private int reused;

	private Decisions(Matcher.Facts facts, IdentityHashMap<CompiledWhen, Object> known) {
		this.facts = facts;
		this.known = known;
		this.recording = known != null;
	}

	/** Every decision computed on the spot, none kept (a preview on its own). */
	static Decisions alone(Matcher.Facts facts) {
		return new Decisions(facts, null);
	}

	/**
	 * Decisions kept and reused for previews with these facts.
	 * @param expected about how many hooks will be decided (the map's initial size)
	 */
	static Decisions shared(Matcher.Facts facts, int expected) {
		return new Decisions(facts, new IdentityHashMap<>(Math.max(expected, 16)));
	}

	Matcher.Facts facts() {
		return this.facts;
	}

	/**
	 * Whether decisions computed from now on are kept (false for the last preview of a
	 * group: no one would reuse them).
	 */
	void recording(boolean recording) {
		this.recording = recording && this.known != null;
	}

	/**
	 * The decision for these conditions with this instance's facts, as
	 * {@link Matcher#matches} gives it.
	 * @throws Matcher.MatchException (without an evaluation) when the runtime fails the
	 * container
	 */
	boolean matches(CompiledWhen compiled) throws Matcher.MatchException {
		if (this.known != null) {
			Object known = this.known.get(compiled);
			if (known != null) {
				this.reused++;
				if (known instanceof String message) {
					throw new Matcher.MatchException(message, null);
				}
				return (Boolean) known;
			}
		}
		this.computed++;
		try {
			boolean matched = Matcher.matches(compiled, this.facts);
			if (this.recording) {
				this.known.put(compiled, matched);
			}
			return matched;
		}
		catch (Matcher.MatchException ex) {
			if (this.recording) {
				this.known.put(compiled, ex.getMessage());
			}
			throw ex;
		}
	}

	/** How many decisions were computed (for tests). */
	int computed() {
		return this.computed;
	}

	/** How many decisions were taken from an earlier preview (for tests). */
	int reused() {
		return this.reused;
	}

}
