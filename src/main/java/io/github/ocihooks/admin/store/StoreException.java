package io.github.ocihooks.admin.store;

/**
 * Why a read or write of a hook file was refused; {@link StoreErrorStatus} maps each kind
 * to an HTTP status.
 */
public class StoreException extends RuntimeException {

	/** The kinds of refusal. */
	public enum Kind {

		/** The name is not a plain hook file name (400). */
		INVALID_NAME,
		/** The version id is not one this service makes (400). */
		INVALID_VERSION,
		/** No such directory or file (404). */
		NOT_FOUND,
		/**
		 * The directory does not accept writes, does not exist, or the entry is not a
		 * regular file (409).
		 */
		CONFLICT,
		/**
		 * The file changed since the given ETag, or exists where "create only" was asked
		 * (412).
		 */
		PRECONDITION_FAILED,
		/** Changing an existing file needs If-Match (428). */
		PRECONDITION_REQUIRED,
		/** The definition breaks the write policy (hooks.policy.*) (422). */
		POLICY,
		/**
		 * The directory is read by no runtime: a file there never runs; written only with
		 * force (422).
		 */
		UNREAD_DIRECTORY,
		/**
		 * Reading or writing the disk failed; nothing was changed (500-free: reported as
		 * 503).
		 */
		IO

	}

	private final Kind kind;

	private final java.util.Map<String, Object> properties;

	public StoreException(Kind kind, String message) {
		this(kind, message, java.util.Map.of());
	}

	public StoreException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.properties = java.util.Map.of();
	}

	/**
	 * A refusal with more to say, such as what a batch applied ({@code applied},
	 * {@code notApplied}).
	 */
	public StoreException(Kind kind, String message, java.util.Map<String, Object> properties) {
		super(message);
		this.kind = kind;
		this.properties = java.util.Map.copyOf(properties);
	}

	/** Extra members for the problem document. */
	public java.util.Map<String, Object> properties() {
		return this.properties;
	}

	public Kind kind() {
		return this.kind;
	}

}
