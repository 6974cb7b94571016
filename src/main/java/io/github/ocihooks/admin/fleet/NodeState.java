package io.github.ocihooks.admin.fleet;

import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The hub's view of one member.
 *
 * @param url the node service's base URL
 * @param status after the last poll
 * @param report the last report received (kept when the node becomes unreachable, so that
 * its last known state stays visible), or null
 * @param etag the last report's ETag, sent as If-None-Match
 * @param lastSeen when the node last answered with a report (200 or 304), or null
 * @param lastPolled when it was last asked
 * @param error why the last poll failed, or null
 * @param changedAt when the report last changed
 */
@Schema(name = "FleetNodeState")
public record NodeState(URI url, NodeStatus status, NodeReport report, String etag, Instant lastSeen,
		Instant lastPolled, String error, Instant changedAt) {

	/** The node name when known, else the URL's authority. */
	public String name() {
		return (this.report != null) ? this.report.node() : this.url.getAuthority();
	}

	public boolean reachable() {
		return this.status == NodeStatus.REACHABLE;
	}

	static NodeState pending(URI url) {
		return new NodeState(url, NodeStatus.PENDING, null, null, null, null, null, null);
	}

}
