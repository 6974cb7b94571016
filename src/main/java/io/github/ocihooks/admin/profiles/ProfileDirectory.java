package io.github.ocihooks.admin.profiles;

import java.nio.file.Path;

/**
 * One of a profile's hook directories.
 *
 * @param path the directory as the runtime names it
 * ({@code /usr/share/containers/oci/hooks.d})
 * @param location where this service reads it: {@code path} under {@code hooks.host-root}
 * (the same when the host root is {@code /}; for {@code hooks.directories}, exactly as
 * configured)
 * @param source where it came from
 */
public record ProfileDirectory(String path, Path location, DirectorySource source) {
}
