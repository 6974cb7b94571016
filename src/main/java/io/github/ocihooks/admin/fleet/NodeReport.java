package io.github.ocihooks.admin.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.RuntimeError;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What one node service says about its host: enough for the hub to show the node, to
 * compute drift against every other node, and to group nodes with identical sets, in one
 * conditional request.
 *
 * @param node the node's name ({@code hooks.fleet.node-name}, env {@code NODE_NAME}, else
 * the host name)
 * @param generation the snapshot generation
 * @param loadedAt when the snapshot was loaded
 * @param setHash SHA-256 over the effective set (see {@link NodeReports#setHash}); equal
 * hashes mean the runtime sees the same files with the same outcome
 * @param counts files by status over every directory
 * @param verdict whether the runtime refuses every container, and why
 * @param profiles the verdict of each runtime profile (podman, CRI-O, Buildah, or the
 * {@code custom} profile of an explicit {@code hooks.directories}) on the host
 * @param extensionStages the extension stages this node resolves with
 * @param directories each directory in increasing precedence, with every file's hash and
 * status
 */
@Schema(name = "NodeReport")
public record NodeReport(String node, long generation, Instant loadedAt, String setHash, Map<String, Integer> counts,
		Verdict verdict, List<ProfileVerdict> profiles, List<String> extensionStages, List<Directory> directories) {

	/**
	 * The runtime's verdict for this host's hook directories.
	 *
	 * @param refusesEveryContainer whether podman/CRI-O would refuse to start any
	 * container
	 * @param runtimeError the runtime's error when it does, else null
	 * @param errors how many files have an error (invalid files; skipped ones are not
	 * counted)
	 */
	@Schema(name = "NodeVerdict")
	public record Verdict(boolean refusesEveryContainer, RuntimeError runtimeError, int errors) {
	}

	/**
	 * One runtime's verdict on this node's hook directories.
	 *
	 * @param profile the profile's id
	 * @param refusesEveryContainer whether that runtime would refuse every container
	 * @param reason what happens and why (one sentence)
	 * @param verdict {@code WORKS}, {@code REFUSES_EVERY_CONTAINER},
	 * {@code FAILS_TO_START} (CRI-O at its next start) or {@code NO_HOOKS}
	 */
	@Schema(name = "NodeProfileVerdict")
	public record ProfileVerdict(String profile, boolean refusesEveryContainer, String reason, String verdict) {
	}

	/**
	 * One hook directory.
	 *
	 * @param id the directory id
	 * @param path the path
	 * @param precedence 0 for the lowest
	 * @param exists whether it exists
	 * @param writable whether this service writes into it
	 * @param error a listing error, if any
	 * @param files file name to its hash and status ({@code .json} files and others)
	 */
	@Schema(name = "NodeDirectory")
	public record Directory(String id, String path, int precedence, boolean exists, boolean writable, String error,
			Map<String, FileEntry> files) {
	}

	/**
	 * One file.
	 *
	 * @param sha256 hex SHA-256 of its content (null when unreadable)
	 * @param status {@code active}, {@code masked}, {@code invalid}, {@code skipped} or
	 * {@code ignored}
	 * @param blocksRuntime whether this file makes the runtime refuse every container
	 */
	@Schema(name = "NodeFileEntry")
	public record FileEntry(String sha256, String status, boolean blocksRuntime) {
	}

	/** The HTTP entity tag of this report: generation and set hash. */
	public String etag() {
		return "\"g" + this.generation + "-" + this.setHash.substring(0, Math.min(16, this.setHash.length())) + "\"";
	}

}
