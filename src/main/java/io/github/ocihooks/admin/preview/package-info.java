/**
 * Feature: what the runtime would inject into a given container config, and running the
 * precreate chain.
 */
@NullMarked
package io.github.ocihooks.admin.preview;

import org.jspecify.annotations.NullMarked;
