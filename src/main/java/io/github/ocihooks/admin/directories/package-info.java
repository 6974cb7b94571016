/**
 * Feature: the configured hook directories (ids, paths, which accept writes, the write
 * policy, what the overview shows of each).
 */
@NullMarked
package io.github.ocihooks.admin.directories;

import org.jspecify.annotations.NullMarked;
