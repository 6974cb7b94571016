package io.github.ocihooks.admin.podman;

/**
 * Predicts what the podman under test does with a situation. The in-process
 * implementation asks the engine directly ({@link EnginePredictor}); another can ask the
 * running service ({@code POST /api/v1/preview} with a podman profile). The situations,
 * the podman runner and the comparison do not depend on which one is used.
 */
interface Predictor {

	/** A short name for the report line. */
	String name();

	/**
	 * The prediction.
	 * @param situation the situation, its hook files already on disk
	 * @param podman the podman under test (its version and the annotations it adds to
	 * every container)
	 */
	Prediction predict(PodmanSituation situation, PodmanUnderTest podman) throws Exception;

}
