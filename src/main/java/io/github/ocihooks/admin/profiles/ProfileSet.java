package io.github.ocihooks.admin.profiles;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of one detection: every profile, and what was found beyond them.
 *
 * @param profiles in a stable order (detected podman, CRI-O, Buildah, then configured
 * ones)
 * @param findings findings that concern no single profile (each profile has its own too)
 * @param hostRoot the host root detection looked under
 * @param explicitDirectories whether {@code hooks.directories} was set explicitly (then:
 * one {@code custom} profile, no detection)
 * @param detectedAt when
 */
public record ProfileSet(List<RuntimeProfile> profiles, List<Finding> findings, Path hostRoot,
		boolean explicitDirectories, Instant detectedAt) {

	public ProfileSet {
		profiles = List.copyOf(profiles);
		findings = List.copyOf(findings);
	}

	/** The profile with this id. */
	public Optional<RuntimeProfile> find(String id) {
		return this.profiles.stream().filter((p) -> p.id().equals(id)).findFirst();
	}

	/**
	 * Every profile's directories (as this service reads them), each once. The order
	 * keeps every profile's own precedence wherever the profiles agree: the first
	 * profile's directories in its order, then each directory that another profile adds
	 * right after the directory it follows there (or first, when it comes first there).
	 */
	public List<Path> directories() {
		List<Path> union = new ArrayList<>();
		for (RuntimeProfile profile : this.profiles) {
			int insertAt = 0;
			for (Path location : profile.locations()) {
				Path normalized = location.toAbsolutePath().normalize();
				int existing = indexOf(union, normalized);
				if (existing >= 0) {
					insertAt = Math.max(insertAt, existing + 1);
				}
				else {
					union.add(insertAt, location);
					insertAt++;
				}
			}
		}
		return List.copyOf(union);
	}

	/**
	 * The directories this service manages (reads, watches, writes): with
	 * {@code hooks.directories} set exactly those; otherwise every profile's directories
	 * ({@link #directories()}) followed by those of the two documented directories
	 * ({@code /usr/share/containers/oci/hooks.d}, {@code /etc/containers/oci/hooks.d},
	 * under the host root) that no profile reads, so that a file there is shown and
	 * flagged: it never runs.
	 */
	public List<Path> managedDirectories() {
		List<Path> all = new ArrayList<>(directories());
		if (this.explicitDirectories) {
			return List.copyOf(all);
		}
		for (String documented : List.of(Detector.DEFAULT_HOOKS_DIR, Detector.OVERRIDE_HOOKS_DIR)) {
			Path location = new HostRoot(this.hostRoot).resolve(documented);
			if (indexOf(all, location.toAbsolutePath().normalize()) < 0) {
				all.add(location);
			}
		}
		return List.copyOf(all);
	}

	/**
	 * A managed directory as the host (and its runtimes and admin) names it, given where
	 * this service reads it: the path of a profile directory at that location, else the
	 * location's path below {@code hooks.host-root} (a documented directory no profile
	 * reads); the location itself with {@code hooks.directories} set or when it lies
	 * outside the host root.
	 */
	public String hostPath(Path location) {
		Path normalized = location.toAbsolutePath().normalize();
		for (RuntimeProfile profile : this.profiles) {
			for (ProfileDirectory directory : profile.directories()) {
				if (directory.location().toAbsolutePath().normalize().equals(normalized)) {
					return directory.path();
				}
			}
		}
		HostRoot host = new HostRoot(this.hostRoot);
		if (this.explicitDirectories || !normalized.startsWith(host.root())) {
			return location.toString();
		}
		return host.hostPath(normalized);
	}

	/**
	 * Where new definitions go by default when profiles were detected: the directories
	 * every profile reads, else those most profiles read (in {@link #directories()}
	 * order; empty when no profile reads any directory).
	 */
	public List<Path> sharedDirectories() {
		List<Path> all = directories();
		int most = 0;
		for (Path dir : all) {
			most = Math.max(most, readers(dir).size());
		}
		List<Path> out = new ArrayList<>();
		for (Path dir : all) {
			if (most > 0 && readers(dir).size() == most) {
				out.add(dir);
			}
		}
		return List.copyOf(out);
	}

	/**
	 * The profiles that read the directory at {@code location} (as this service reads
	 * it).
	 */
	public List<RuntimeProfile> readers(Path location) {
		return this.profiles.stream().filter((p) -> p.reads(location)).toList();
	}

	/**
	 * Every finding: those of each profile (their source prefixed with the profile's id),
	 * then the others.
	 */
	public List<Finding> allFindings() {
		Set<Finding> all = new LinkedHashSet<>();
		for (RuntimeProfile profile : this.profiles) {
			for (Finding f : profile.findings()) {
				all.add(new Finding(f.severity(), profile.id() + ": " + f.source(), f.message(), f.consequence()));
			}
		}
		all.addAll(this.findings);
		return List.copyOf(all);
	}

	private static int indexOf(List<Path> union, Path normalized) {
		for (int i = 0; i < union.size(); i++) {
			if (union.get(i).toAbsolutePath().normalize().equals(normalized)) {
				return i;
			}
		}
		return -1;
	}

}
