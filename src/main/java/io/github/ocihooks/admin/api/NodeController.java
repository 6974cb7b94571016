package io.github.ocihooks.admin.api;

import io.github.ocihooks.admin.fleet.NodeReport;
import io.github.ocihooks.admin.fleet.NodeReports;
import io.github.ocihooks.admin.fleet.NodeSet;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * What this node reports to a fleet hub: one conditional request tells the hub whether
 * anything changed, and if so everything it needs to show the node and compute drift.
 */
@RestController
@Tag(name = "node", description = "This instance as a member of a fleet")
class NodeController {

	private final NodeReports reports;

	NodeController(NodeReports reports) {
		this.reports = reports;
	}

	@GetMapping(path = "/api/v1/node", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getNodeReport", summary = "This node's report for a fleet hub",
			description = "Node name, snapshot generation, a hash of the effective set, counts, the runtime's verdict, "
					+ "runtime profiles (always empty for now: reserved for the runtime profiles feature) and every "
					+ "directory's files with their SHA-256 and status. The ETag is the generation and the set hash: "
					+ "with If-None-Match the answer is 304 until something changes.")
	ResponseEntity<NodeReport> report(WebRequest request) {
		NodeReport report = this.reports.report();
		if (request.checkNotModified(report.etag())) {
			return null;
		}
		return ResponseEntity.ok().eTag(report.etag()).cacheControl(CacheControl.noCache()).body(report);
	}

	@GetMapping(path = "/api/v1/node/set", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getNodeSet", summary = "The bytes of this node's active hook files",
			description = "For a hub that previews a group of identical nodes in process: asked for once per distinct "
					+ "set hash. 409 when a file changed since the snapshot (ask again after the reload).")
	ResponseEntity<NodeSet> set() {
		NodeSet set = this.reports.set();
		return ResponseEntity.ok().eTag("\"" + set.setHash() + "\"").cacheControl(CacheControl.noCache()).body(set);
	}

}
