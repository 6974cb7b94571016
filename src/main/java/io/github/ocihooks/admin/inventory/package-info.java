/**
 * Feature: the hook files as the runtime sees them (rows, the one filter, injection
 * order, counts, collisions, what takes effect after a delete).
 */
@NullMarked
package io.github.ocihooks.admin.inventory;

import org.jspecify.annotations.NullMarked;
