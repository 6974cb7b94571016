package io.github.ocihooks.admin.runtimes;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One file as every runtime reads it.
 *
 * @param directory the file's directory as the store reads it
 * @param name the file name
 * @param readings one per runtime profile, in profile order
 * @param neverRuns no runtime reads the file's directory: the file never runs
 * @param refusedBy the runtimes that read the file and reject it while another reader
 * accepts it (a {@code precreate} stage breaks CRI-O and Buildah); empty when every
 * reader agrees
 */
public record FileView(String directory, String name, List<Reading> readings, boolean neverRuns,
		List<String> refusedBy) {

	public FileView {
		readings = List.copyOf(readings);
		refusedBy = List.copyOf(refusedBy);
	}

	/** Whether only some of the runtimes that read the file accept it. */
	public boolean partlyAccepted() {
		return !this.refusedBy.isEmpty();
	}

	/** The reading of the runtime with this id. */
	public Reading reading(String profile) {
		return this.readings.stream().filter((r) -> r.profile().equals(profile)).findFirst().orElseThrow();
	}

	/**
	 * One runtime's status for the file.
	 *
	 * @param profile the runtime profile's id
	 * @param status what it makes of the file
	 * @param blocksRuntime whether the file makes that runtime refuse every container (or
	 * fail to start)
	 * @param problem the runtime's first error or warning about the file, or null
	 */
	public record Reading(String profile, FileStatus status, boolean blocksRuntime, @Nullable String problem) {
	}

}
