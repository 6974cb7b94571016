package io.github.ocihooks.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.fleet.Drift;
import io.github.ocihooks.admin.fleet.Fleet;
import io.github.ocihooks.admin.fleet.FleetPreview;
import io.github.ocihooks.admin.fleet.MachineConfigs;
import io.github.ocihooks.admin.fleet.NodeReport;
import io.github.ocihooks.admin.fleet.NodeState;
import io.github.ocihooks.admin.fleet.NodeStatus;
import io.github.ocihooks.admin.fleet.Rollout;
import io.github.ocihooks.admin.fleet.Rollouts;
import io.github.ocihooks.admin.history.Actor;
import io.github.ocihooks.admin.store.StoreException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hub mode ({@code hooks.fleet.enabled=true}): every member node, drift between them, and
 * one preview per group of identical nodes. With hub mode off every call answers 404.
 * <p>
 * Longer than the ~250 lines the project aims for because the JSON records of the fleet
 * API (the contract the OpenAPI document describes) live beside the endpoints that answer
 * with them.
 */
@RestController
@Tag(name = "fleet", description = "Hub mode: the node services of a fleet")
class FleetController {

	private final Fleet fleet;

	private final FleetPreview previews;

	private final Rollouts rollouts;

	private final JsonMapper json;

	FleetController(Fleet fleet, FleetPreview previews, Rollouts rollouts, JsonMapper json) {
		this.fleet = fleet;
		this.previews = previews;
		this.rollouts = rollouts;
		this.json = json;
	}

	private void requireHub() {
		if (!this.fleet.enabled()) {
			throw new StoreException(StoreException.Kind.NOT_FOUND,
					"Hub mode is off on this instance (hooks.fleet.enabled=false)");
		}
	}

	/**
	 * One member.
	 *
	 * @param name the node name (from its report; the URL's host:port until it has
	 * answered)
	 * @param url its base URL
	 * @param status pending, reachable, unreachable or rejected
	 * @param lastSeen when it last answered with a report
	 * @param lastPolled when it was last asked
	 * @param error why the last poll failed
	 * @param generation its snapshot generation (last known)
	 * @param setHash its set hash (last known)
	 * @param refusesEveryContainer its runtime verdict (last known)
	 * @param runtimeError the runtime's error when it refuses every container
	 * @param counts files by status (last known)
	 * @param profiles runtime profile verdicts (always empty until runtime profiles are
	 * reported)
	 */
	@Schema(name = "FleetNodeView")
	record NodeView(String name, String url, NodeStatus status, Instant lastSeen, Instant lastPolled, String error,
			Long generation, String setHash, Boolean refusesEveryContainer, RuntimeError runtimeError,
			Map<String, Integer> counts, List<NodeReport.ProfileVerdict> profiles) {

		static NodeView of(NodeState s) {
			NodeReport r = s.report();
			return new NodeView(s.name(), s.url().toString(), s.status(), s.lastSeen(), s.lastPolled(), s.error(),
					(r != null) ? r.generation() : null, (r != null) ? r.setHash() : null,
					(r != null) ? r.verdict().refusesEveryContainer() : null,
					(r != null) ? r.verdict().runtimeError() : null, (r != null) ? r.counts() : null,
					(r != null) ? r.profiles() : List.of());
		}

	}

	/**
	 * The members.
	 *
	 * @param lastRefresh the last polling round
	 * @param dnsError why the DNS name did not resolve last time, else null
	 * @param nodes every member, by name
	 */
	@Schema(name = "FleetNodeList")
	record NodeList(Fleet.Refresh lastRefresh, String dnsError, List<NodeView> nodes) {
	}

	@GetMapping(path = "/api/v1/fleet/nodes", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listFleetNodes", summary = "Every member node with its status",
			description = "Reachable or not (with when it was last seen and why the last poll failed), the runtime's "
					+ "verdict, counts, generation and set hash from its last report.")
	NodeList nodes() {
		requireHub();
		List<NodeView> out = new ArrayList<>();
		this.fleet.nodes().forEach(n -> out.add(NodeView.of(n)));
		return new NodeList(this.fleet.lastRefresh(), this.fleet.dnsError(), out);
	}

	@GetMapping(path = "/api/v1/fleet/nodes/{node}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getFleetNode", summary = "One member with its last full report")
	NodeState node(@PathVariable String node) {
		requireHub();
		return this.fleet.node(node)
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "No member named " + node));
	}

	@PostMapping(path = "/api/v1/fleet/refresh", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "refreshFleet", summary = "Poll every member now (synchronous)")
	Fleet.Refresh refresh() {
		requireHub();
		return this.fleet.refresh();
	}

	@GetMapping(path = "/api/v1/fleet/drift", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getFleetDrift", summary = "Drift matrix: hook name by group of identical nodes",
			description = "Nodes with the same set hash form a group. Each cell compares the group's file of that "
					+ "name with the content most nodes have: SAME, DIFFERENT, MISSING or BROKEN (present but not used "
					+ "by the runtime). Nodes that refuse every container are listed first.")
	Drift drift() {
		requireHub();
		return this.fleet.drift();
	}

	/**
	 * What one group of identical nodes would inject.
	 *
	 * @param group the group
	 * @param hooks the config's hooks after injection (null when nothing matched or the
	 * runtime refuses)
	 * @param extensionStageHooks hooks returned to the consumer for its extension stages
	 * @param runtimeError non-null when these nodes' runtime refuses every container
	 * @param error why this group could not be previewed
	 */
	@Schema(name = "FleetGroupPreview")
	record GroupPreview(Drift.Group group, Map<String, List<HookJson>> hooks,
			Map<String, List<HookJson>> extensionStageHooks, RuntimeError runtimeError, String error) {
	}

	/**
	 * A fleet preview.
	 *
	 * @param groups one answer per group, largest group first
	 */
	@Schema(name = "FleetPreviewResponse")
	record FleetPreviewResponse(List<GroupPreview> groups) {
	}

	@PostMapping(path = "/api/v1/fleet/preview", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "previewFleet", summary = "Preview one container config on every group of nodes",
			description = "The same request as /api/v1/preview (without runPrecreate). Computed once per distinct set, "
					+ "in the hub with the nodes' engine, from each set's active files (fetched once per set hash).",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = PreviewRequest.class))))
	FleetPreviewResponse preview(@RequestBody byte[] body) {
		requireHub();
		PreviewRequest.Parsed request = PreviewRequest.parse(body);
		if (request.runPrecreate()) {
			throw new InvalidRequestException("A fleet preview does not run precreate hooks", "/runPrecreate");
		}
		List<GroupPreview> out = new ArrayList<>();
		for (FleetPreview.GroupPreview g : this.previews.preview(new FleetPreview.Input(request.config(),
				request.annotations(), request.hasBindMounts(), request.extensionStages()))) {
			out.add(new GroupPreview(g.group(), (g.result() != null) ? HookJson.of(g.result().hooks()) : null,
					(g.result() != null) ? HookJson.of(g.result().extensionStageHooks()) : null, g.runtimeError(),
					g.error()));
		}
		return new FleetPreviewResponse(out);
	}

	/**
	 * A rollout to start.
	 *
	 * @param directory the directory on each node: its id, its path, or {@code highest}
	 * @param desired a sync document {@code {"hooks": {name: definition}}} (give this or
	 * template)
	 * @param template a member's name: its export is the desired set (give this or
	 * desired)
	 * @param nodes the selection in rollout order (absent: every reachable member, by
	 * name)
	 * @param canary the first node alone (absent: the selection's first)
	 * @param percentage size of the second wave, as a percentage of the selection
	 * (default 25, at least one node); the third wave is the rest
	 * @param dryRun only fetch every node's plan
	 */
	@Schema(name = "RolloutRequest")
	record RolloutRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String directory,
			Map<String, Object> desired, String template, List<String> nodes, String canary, Integer percentage,
			Boolean dryRun) {
	}

	@PostMapping(path = "/api/v1/fleet/rollouts", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "startRollout", summary = "Roll a desired set out to nodes in waves (ADMIN)",
			description = "Wave 1 is one canary node, wave 2 a percentage of the selection, wave 3 the rest. Each wave "
					+ "fetches every node's dry-run plan first, then applies it node by node with each file's ETag and "
					+ "checks the node's verdict afterwards. When a node fails, the rollout stops and every node changed "
					+ "so far is restored from its history. Answers 202 at once; follow it with getRollout.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = RolloutRequest.class))))
	ResponseEntity<Rollout> startRollout(@RequestBody byte[] body) {
		requireHub();
		JsonNode root = parse(body);
		Rollouts.Request request;
		try {
			request = new Rollouts.Request(text(root, "directory"), root.get("desired"), text(root, "template"),
					strings(root, "nodes"), text(root, "canary"),
					root.hasNonNull("percentage") ? integer(root, "percentage") : null,
					root.hasNonNull("dryRun") && bool(root, "dryRun"));
			Rollout rollout = this.rollouts.start(request, Actor.current());
			return ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(java.net.URI.create("/api/v1/fleet/rollouts/" + rollout.id()))
				.body(rollout);
		}
		catch (Rollouts.InvalidRollout ex) {
			throw new InvalidRequestException(ex.getMessage(), ex.pointer());
		}
	}

	@GetMapping(path = "/api/v1/fleet/rollouts", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listRollouts", summary = "Rollouts since this hub started, newest first")
	List<Rollout> listRollouts() {
		requireHub();
		return this.rollouts.list();
	}

	@GetMapping(path = "/api/v1/fleet/rollouts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getRollout", summary = "A rollout with every step so far")
	Rollout rollout(@PathVariable String id) {
		requireHub();
		return this.rollouts.get(id)
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "No rollout " + id));
	}

	/**
	 * A MachineConfig to produce.
	 *
	 * @param name metadata.name (default {@code 50-oci-hooks})
	 * @param role the pool's role label (default {@code worker})
	 * @param hooks file name to definition (give this or template)
	 * @param template a member's name: its export is the set
	 */
	@Schema(name = "MachineConfigRequest")
	record MachineConfigRequest(String name, String role, Map<String, Object> hooks, String template) {
	}

	@PostMapping(path = "/api/v1/fleet/machine-config", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "exportMachineConfig", summary = "A desired set as an OpenShift MachineConfig",
			description = "Ignition v3 storage.files under /etc/containers/oci/hooks.d, mode 0644, the canonical 1.0.0 "
					+ "text as data: URLs. Apply it with oc apply -f; the Machine Config Operator then rolls it out "
					+ "(and reboots the pool's nodes).",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = MachineConfigRequest.class))))
	ObjectNode machineConfig(@RequestBody byte[] body) {
		JsonNode root = parse(body);
		String name = root.hasNonNull("name") ? text(root, "name") : "50-oci-hooks";
		String role = root.hasNonNull("role") ? text(root, "role") : "worker";
		if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || name.length() > 253) {
			throw new InvalidRequestException("name must be a Kubernetes object name (lower case, digits, - and .)",
					"/name");
		}
		JsonNode hooks = root.get("hooks");
		if (root.hasNonNull("template")) {
			requireHub();
			try {
				hooks = this.rollouts.templateHooks(text(root, "template"));
			}
			catch (Rollouts.InvalidRollout ex) {
				throw new InvalidRequestException(ex.getMessage(), ex.pointer());
			}
		}
		try {
			return MachineConfigs.machineConfig(name, role, MachineConfigs.canonical(hooks));
		}
		catch (MachineConfigs.InvalidDefinition ex) {
			throw new InvalidRequestException(ex.getMessage(), ex.pointer());
		}
	}

	private JsonNode parse(byte[] body) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (RuntimeException ex) {
			throw new InvalidRequestException("The request body is not JSON: " + ex.getMessage(), "");
		}
		if (root == null || !root.isObject()) {
			throw new InvalidRequestException("The request body must be a JSON object", "");
		}
		return root;
	}

	private static String text(JsonNode root, String field) {
		JsonNode v = root.get(field);
		if (v == null || v.isNull()) {
			return null;
		}
		if (!v.isString()) {
			throw new InvalidRequestException(field + " must be a string", "/" + field);
		}
		return v.asString();
	}

	private static int integer(JsonNode root, String field) {
		JsonNode v = root.get(field);
		if (!v.isIntegralNumber()) {
			throw new InvalidRequestException(field + " must be an integer", "/" + field);
		}
		return v.asInt();
	}

	private static boolean bool(JsonNode root, String field) {
		JsonNode v = root.get(field);
		if (!v.isBoolean()) {
			throw new InvalidRequestException(field + " must be true or false", "/" + field);
		}
		return v.asBoolean();
	}

	private static List<String> strings(JsonNode root, String field) {
		JsonNode v = root.get(field);
		if (v == null || v.isNull()) {
			return null;
		}
		if (!v.isArray()) {
			throw new InvalidRequestException(field + " must be an array of strings", "/" + field);
		}
		List<String> out = new ArrayList<>();
		for (int i = 0; i < v.size(); i++) {
			if (!v.get(i).isString()) {
				throw new InvalidRequestException(field + " must be an array of strings", "/" + field + "/" + i);
			}
			out.add(v.get(i).asString());
		}
		return out;
	}

}
