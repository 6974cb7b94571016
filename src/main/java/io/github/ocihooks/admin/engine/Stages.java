package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * The hook stages of the OCI runtime spec, in lifecycle order, which is also the field
 * order of {@code rspec.Hooks} in JSON. The one list every other stage list of this
 * application derives from.
 */
public final class Stages {

	/**
	 * The stages of the OCI runtime spec, in lifecycle (and {@code rspec.Hooks} field)
	 * order.
	 */
	public static final List<String> OCI = List.of("prestart", "createRuntime", "createContainer", "startContainer",
			"poststart", "poststop");

	/** The last stage: extension stages are placed before it. */
	public static final String POSTSTOP = "poststop";

	private Stages() {
	}

	/** The OCI stages before {@link #POSTSTOP}, in order. */
	public static List<String> beforePoststop() {
		return OCI.subList(0, OCI.size() - 1);
	}

}
