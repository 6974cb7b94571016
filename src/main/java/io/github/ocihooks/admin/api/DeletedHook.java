package io.github.ocihooks.admin.api;

import java.util.List;

import io.github.ocihooks.admin.runtimes.RuntimeNotice;

/**
 * What a delete removed, and who sees it: the answer to {@code DELETE} with
 * {@code Prefer: return=representation}.
 *
 * @param directoryId the directory's id
 * @param directory the directory's path
 * @param name the deleted file's name
 * @param generation the snapshot generation after the delete
 * @param runtimes the runtimes that read the directory, when each sees the deletion and
 * its verdict now (empty: no runtime reads it, the file never ran), as in every write's
 * answer
 */
record DeletedHook(String directoryId, String directory, String name, long generation, List<RuntimeNotice> runtimes) {
}
