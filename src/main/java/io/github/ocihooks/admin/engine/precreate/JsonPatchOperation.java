package io.github.ocihooks.admin.engine.precreate;

import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One RFC 6902 JSON Patch operation.
 *
 * @param op {@code add}, {@code remove} or {@code replace}
 * @param path RFC 6901 JSON Pointer of the target ({@code ""} is the whole document)
 * @param value the new value for {@code add} and {@code replace} (a JSON {@code null} is
 * a {@link tools.jackson.databind.node.NullNode}); Java null for {@code remove}
 */
public record JsonPatchOperation(String op, String path,
		@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) JsonNode value) {

	public JsonPatchOperation {
		Objects.requireNonNull(op, "op");
		Objects.requireNonNull(path, "path");
		switch (op) {
			case "add", "replace" -> Objects.requireNonNull(value, "value of " + op);
			case "remove" -> {
				if (value != null) {
					throw new IllegalArgumentException("remove takes no value");
				}
			}
			default -> throw new IllegalArgumentException("unsupported op: " + op);
		}
	}

	public static JsonPatchOperation add(String path, JsonNode value) {
		return new JsonPatchOperation("add", path, value);
	}

	public static JsonPatchOperation remove(String path) {
		return new JsonPatchOperation("remove", path, null);
	}

	public static JsonPatchOperation replace(String path, JsonNode value) {
		return new JsonPatchOperation("replace", path, value);
	}

}
