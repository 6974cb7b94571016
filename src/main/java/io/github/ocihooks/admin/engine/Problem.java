package io.github.ocihooks.admin.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Something wrong or surprising about a hook file.
 *
 * @param severity how much it matters
 * @param code a stable identifier (for example {@code parse}, {@code executable-missing},
 * {@code unknown-key})
 * @param directory the hook directory, or null for problems not tied to a file
 * @param file the file name within the directory, or null
 * @param pointer RFC 6901 JSON pointer to the offending value in the file ({@code ""} for
 * the whole document), or null
 * @param line 1-based line in the file, or 0 when unknown (then left out of JSON)
 * @param message what is wrong and what the runtime does about it
 * @param blocksRuntime true when this problem makes the runtime refuse to create every
 * container
 * @param column 1-based column in the file, or 0 when unknown (then left out of JSON)
 */
public record Problem(Severity severity, String code, String directory, String file, String pointer,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) int line, String message, boolean blocksRuntime,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) int column) {

	public Problem(Severity severity, String code, String directory, String file, String pointer, int line,
			String message, boolean blocksRuntime) {
		this(severity, code, directory, file, pointer, line, message, blocksRuntime, 0);
	}

	public Problem withBlocksRuntime(boolean blocks) {
		return new Problem(this.severity, this.code, this.directory, this.file, this.pointer, this.line, this.message,
				blocks, this.column);
	}

	Problem at(String directory, String file) {
		return new Problem(this.severity, this.code, directory, file, this.pointer, this.line, this.message,
				this.blocksRuntime, this.column);
	}

	/**
	 * This problem at another place: a pointer (null for none), line and column (0 for
	 * unknown).
	 */
	public Problem located(String pointer, int line, int column) {
		return new Problem(this.severity, this.code, this.directory, this.file, pointer, line, this.message,
				this.blocksRuntime, column);
	}

	/** This problem saying something else. */
	public Problem withMessage(String message) {
		return new Problem(this.severity, this.code, this.directory, this.file, this.pointer, this.line, message,
				this.blocksRuntime, this.column);
	}

	public static Problem of(Severity severity, String code, String pointer, int line, String message) {
		return new Problem(severity, code, null, null, pointer, line, message, false);
	}

}
