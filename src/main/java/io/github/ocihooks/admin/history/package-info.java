/**
 * Feature: what this service replaced or deleted (kept versions, restore through the
 * write path, the audit log) and the one diff wrapper.
 */
@NullMarked
package io.github.ocihooks.admin.history;

import org.jspecify.annotations.NullMarked;
