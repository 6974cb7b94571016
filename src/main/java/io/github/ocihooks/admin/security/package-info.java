/**
 * Authentication, roles and the login throttle.
 */
@NullMarked
package io.github.ocihooks.admin.security;

import org.jspecify.annotations.NullMarked;
