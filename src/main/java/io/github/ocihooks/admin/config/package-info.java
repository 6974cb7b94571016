/**
 * Configuration properties, the demo seeder and the servlet container's error handling.
 */
@NullMarked
package io.github.ocihooks.admin.config;

import org.jspecify.annotations.NullMarked;
