/**
 * Feature: the hook directories as each runtime on the host reads them. One resolution
 * per runtime profile over its own directories, its verdict (works, refuses every
 * container, fails to start, no hooks), each file's status for each runtime, and the
 * files no runtime reads or only some of their readers accept; the same for a file
 * checked before it is written ({@link io.github.ocihooks.admin.runtimes.Reception}).
 */
@NullMarked
package io.github.ocihooks.admin.runtimes;

import org.jspecify.annotations.NullMarked;
