package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * One entry of a hook directory as read at load time. Whether it is active, masked or
 * invalid also depends on the extension stages in force; see {@link Resolution}.
 *
 * @param directoryIndex position of the directory in increasing precedence (0 = lowest)
 * @param directory the directory path as configured
 * @param name the entry's file name
 * @param kind what reading it gave
 * @param definition the parsed definition, or null when it could not be parsed
 * @param compiled the compiled conditions for a {@link Kind#VALID} file, else null
 * @param error the runtime's error for this file, or null
 * @param notes warnings and hints about what the runtime accepts
 * @param sha256 hex SHA-256 of the content, or null when unreadable
 * @param size content length in bytes, or -1
 * @param symlink whether the entry is a symbolic link
 * @param source the parsed JSON the outcome was read from, kept so that a consumer built
 * with another Go release can read it again ({@link #as(GoRelease)}); null when the
 * content was not JSON or not read
 * @param go the Go release whose rules gave this outcome
 */
public record HookFile(int directoryIndex, String directory, String name, Kind kind, HookDefinition definition,
		CompiledWhen compiled, Problem error, List<Problem> notes, String sha256, long size, boolean symlink,
		Source source, GoRelease go) {

	/**
	 * The parsed content, compared by identity (a file's identity is its place and
	 * outcome, not its tree).
	 */
	public static final class Source {

		private final GoJson.Value root;

		/**
		 * The files read again from this content for other Go releases, so that every
		 * view and every check before a write ({@code RuntimeViews.reception}) reads each
		 * file once per release, not once per call. Copy on write; a race only reads a
		 * file twice.
		 */
		private volatile Reread[] rereads = new Reread[0];

		Source(GoJson.Value root) {
			this.root = root;
		}

		GoJson.Value root() {
			return this.root;
		}

		/** {@code file} (read from this content) as {@code go} reads it. */
		HookFile reread(HookFile file, GoRelease go) {
			for (Reread r : this.rereads) {
				if (r.original() == file && r.go().equals(go)) {
					return r.read();
				}
			}
			HookFile read = HookLoader.reread(file, go);
			Reread[] now = this.rereads;
			Reread[] more = java.util.Arrays.copyOf(now, now.length + 1);
			more[now.length] = new Reread(file, go, read);
			this.rereads = more;
			return read;
		}

		private record Reread(HookFile original, GoRelease go, HookFile read) {
		}

	}

	public enum Kind {

		/** Name does not end in {@code .json}: never read. */
		NOT_JSON,
		/**
		 * Vanished or a dangling symbolic link: the runtime skips it without an error.
		 */
		VANISHED,
		/**
		 * Exists but cannot be read (a directory, a symlink loop, no permission): an
		 * error.
		 */
		UNREADABLE,
		/**
		 * Not valid JSON, wrong types, unknown version, invalid pattern, missing required
		 * property: an error.
		 */
		INVALID,
		/**
		 * {@code hook.path} does not exist: an error of the "not exist" kind, which the
		 * runtime may ignore (see {@link HookLoader}).
		 */
		EXECUTABLE_MISSING,
		/**
		 * Passes every check except the stage names, which depend on the extension
		 * stages.
		 */
		VALID

	}

	public HookFile {
		notes = List.copyOf(notes);
		if (go == null) {
			throw new IllegalArgumentException("go is required");
		}
	}

	/** An outcome read with {@link GoRelease#LATEST}, without its source. */
	public HookFile(int directoryIndex, String directory, String name, Kind kind, HookDefinition definition,
			CompiledWhen compiled, Problem error, List<Problem> notes, String sha256, long size, boolean symlink) {
		this(directoryIndex, directory, name, kind, definition, compiled, error, notes, sha256, size, symlink, null,
				GoRelease.LATEST);
	}

	/**
	 * This entry as a consumer built with {@code go} reads it: the same file read again
	 * from its parsed content with that release's {@code encoding/json} and
	 * {@code regexp} rules. The executable check is not repeated (its outcome does not
	 * depend on Go). Entries without a source (not JSON, unreadable, a JSON syntax error)
	 * are the same for every release.
	 */
	public HookFile as(GoRelease go) {
		if (this.go.equals(go) || this.source == null) {
			return this;
		}
		return this.source.reread(this, go);
	}

	/** The path as the runtime prints it ({@code filepath.Join(dir, name)}). */
	public String path() {
		return this.directory.endsWith("/") ? this.directory + this.name : this.directory + "/" + this.name;
	}

}
