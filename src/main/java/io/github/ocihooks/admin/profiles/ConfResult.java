package io.github.ocihooks.admin.profiles;

import java.util.List;

/**
 * What a runtime's configuration files say about its hook directories.
 *
 * @param directories the final {@code hooks_dir} list, in order, each with the file and
 * key that put it there
 * @param files every file in the order the runtime reads it, with what it contributed
 * @param findings problems and surprises
 * @param unknowns what cannot be known from here
 * @param inferred what the version decided about reading the files
 * @param fatal whether the runtime would refuse to run with these files
 */
record ConfResult(List<ProfileDirectory> directories, List<ConfigFile> files, List<Finding> findings,
		List<String> unknowns, List<String> inferred, boolean fatal) {
}
