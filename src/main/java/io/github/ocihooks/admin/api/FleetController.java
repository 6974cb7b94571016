package io.github.ocihooks.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.fleet.Drift;
import io.github.ocihooks.admin.fleet.Fleet;
import io.github.ocihooks.admin.fleet.FleetPreview;
import io.github.ocihooks.admin.fleet.NodeReport;
import io.github.ocihooks.admin.fleet.NodeState;
import io.github.ocihooks.admin.fleet.NodeStatus;
import io.github.ocihooks.admin.store.StoreException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hub mode ({@code hooks.fleet.enabled=true}): every member node, drift between them, and one preview per group of
 * identical nodes. With hub mode off every call answers 404.
 */
@RestController
@Tag(name = "fleet", description = "Hub mode: the node services of a fleet")
class FleetController {

	private final Fleet fleet;

	private final FleetPreview previews;

	FleetController(Fleet fleet, FleetPreview previews) {
		this.fleet = fleet;
		this.previews = previews;
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
	 * @param name the node name (from its report; the URL's host:port until it has answered)
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
	 * @param profiles runtime profile verdicts (always empty until runtime profiles are reported)
	 */
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
	 * @param hooks the config's hooks after injection (null when nothing matched or the runtime refuses)
	 * @param extensionStageHooks hooks returned to the consumer for its extension stages
	 * @param runtimeError non-null when these nodes' runtime refuses every container
	 * @param error why this group could not be previewed
	 */
	record GroupPreview(Drift.Group group, Map<String, List<HookJson>> hooks,
			Map<String, List<HookJson>> extensionStageHooks, RuntimeError runtimeError, String error) {
	}

	/**
	 * A fleet preview.
	 *
	 * @param groups one answer per group, largest group first
	 */
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

}
