/**
 * Feature: a definition someone wants to write (the one validator for PUT, validate, the
 * editor and sync; the sync planner).
 */
@NullMarked
package io.github.ocihooks.admin.definitions;

import org.jspecify.annotations.NullMarked;
