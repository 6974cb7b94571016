package io.github.ocihooks.admin.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code hooks.fleet.*}: this node's name in the fleet, and hub mode (one
 * instance that polls the node services of every node). Kept apart from
 * {@code HooksProperties} so that the per-host settings' record keeps its shape.
 *
 * @param nodeName the name this instance reports in {@code GET /api/v1/node} (env
 * {@code NODE_NAME}, from the downward API in Kubernetes); empty: the host name
 * @param enabled hub mode: poll the members and serve {@code /api/v1/fleet/**} and
 * {@code /fleet}
 * @param members static list of node service base URLs ({@code http://10.0.0.5:8080})
 * @param dns a DNS name whose A/AAAA records are node services (a headless Service),
 * resolved with the JVM's resolver and refreshed every {@code dns-refresh}; empty: none
 * @param dnsPort the port of the node services found through {@code dns}
 * @param dnsScheme the scheme of the node services found through {@code dns}
 * @param dnsRefresh how often {@code dns} is resolved again
 * @param username the user the hub signs in as on the nodes (ADMIN for rollouts)
 * @param password its password (from a Secret in Kubernetes)
 * @param pollInterval time between the end of one refresh and the start of the next
 * @param timeout connect and request timeout for each call to a node; a node that does
 * not answer in time is marked unreachable for this round instead of holding up the
 * others
 * @param maxConcurrent how many node calls are in flight at once
 */
@ConfigurationProperties("hooks.fleet")
public record FleetProperties(@DefaultValue("") String nodeName, @DefaultValue("false") boolean enabled,
		List<URI> members, @DefaultValue("") String dns, @DefaultValue("8080") int dnsPort,
		@DefaultValue("http") String dnsScheme, @DefaultValue("30s") Duration dnsRefresh,
		@DefaultValue("admin") String username, @DefaultValue("") String password,
		@DefaultValue("10s") Duration pollInterval, @DefaultValue("3s") Duration timeout,
		@DefaultValue("32") int maxConcurrent) {

	public FleetProperties {
		members = (members != null) ? List.copyOf(members) : List.of();
		for (URI member : members) {
			if (member.getHost() == null
					|| !("http".equals(member.getScheme()) || "https".equals(member.getScheme()))) {
				throw new IllegalArgumentException(
						"hooks.fleet.members: " + member + " is not a base URL such as http://10.0.0.5:8080");
			}
		}
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("hooks.fleet.max-concurrent must be at least 1");
		}
	}

}
