/**
 * The REST face ({@code /api/v1}): thin adapters that turn HTTP into calls on the feature
 * packages and their answers into JSON and problem+json. Knows nothing of {@code web}.
 */
@NullMarked
package io.github.ocihooks.admin.api;

import org.jspecify.annotations.NullMarked;
