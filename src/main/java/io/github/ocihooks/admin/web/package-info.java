/**
 * The dashboard face: thin page controllers that turn requests into calls on the feature
 * packages and their answers into Thymeleaf models. Knows nothing of {@code api}.
 */
@NullMarked
package io.github.ocihooks.admin.web;

import org.jspecify.annotations.NullMarked;
