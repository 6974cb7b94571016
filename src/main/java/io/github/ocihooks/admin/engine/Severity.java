package io.github.ocihooks.admin.engine;

/** How much a problem matters. */
public enum Severity {

	/** The runtime rejects the file (and possibly refuses every container). */
	ERROR,
	/** The runtime accepts it, but does something an admin probably does not expect. */
	WARNING,
	/** Worth knowing. */
	INFO

}
