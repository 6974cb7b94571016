package io.github.ocihooks.admin.engine.precreate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch between two Jackson trees, using only {@code add}, {@code remove}
 * and {@code replace}.
 * <p>
 * Objects are compared key by key (removed keys, then changed keys in the source's order,
 * then added keys in the target's order); arrays index by index: the common prefix is
 * compared element by element, then the target's extra tail is added at increasing
 * indices, or the source's extra tail removed from the last index down. Values of
 * different kinds are replaced whole. Key order is not a difference (JSON objects are
 * unordered). Works without recursion, so deeply nested documents cannot overflow the
 * stack.
 */
public final class JsonPatchDiff {

	private JsonPatchDiff() {
	}

	/**
	 * The operations that turn {@code source} into {@code target}; empty when they are
	 * equal.
	 * @param source the document before
	 * @param target the document after
	 * @return the patch, in application order
	 */
	public static List<JsonPatchOperation> diff(JsonNode source, JsonNode target) {
		List<JsonPatchOperation> ops = new ArrayList<>();
		// Work items in order: a Compare, or an operation ready to emit.
		Deque<Object> work = new ArrayDeque<>();
		work.push(new Compare("", source, target));
		while (!work.isEmpty()) {
			Object item = work.pop();
			if (item instanceof JsonPatchOperation op) {
				ops.add(op);
				continue;
			}
			Compare c = (Compare) item;
			List<Object> next = new ArrayList<>();
			if (c.source.isObject() && c.target.isObject()) {
				compareObjects(c, next);
			}
			else if (c.source.isArray() && c.target.isArray()) {
				compareArrays(c, next);
			}
			else if (c.source.isContainer() || c.target.isContainer() || !sameValue(c.source, c.target)) {
				next.add(JsonPatchOperation.replace(c.path, c.target.deepCopy()));
			}
			for (int i = next.size() - 1; i >= 0; i--) {
				work.push(next.get(i));
			}
		}
		return ops;
	}

	/**
	 * Scalars equal as JSON values: numbers by value (RFC 6902: "numerically equal"), so
	 * the config we built with a 64-bit timeout and the same config read back from a
	 * hook's output (where 20 is a small int) are not a change.
	 */
	private static boolean sameValue(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			return a.decimalValue().compareTo(b.decimalValue()) == 0;
		}
		return a.equals(b);
	}

	private static void compareObjects(Compare c, List<Object> next) {
		for (String key : c.source.propertyNames()) {
			if (!c.target.has(key)) {
				next.add(JsonPatchOperation.remove(c.path + "/" + JsonPointer.escape(key)));
			}
		}
		for (Map.Entry<String, JsonNode> e : c.source.properties()) {
			JsonNode after = c.target.get(e.getKey());
			if (after != null) {
				next.add(new Compare(c.path + "/" + JsonPointer.escape(e.getKey()), e.getValue(), after));
			}
		}
		for (Map.Entry<String, JsonNode> e : c.target.properties()) {
			if (!c.source.has(e.getKey())) {
				next.add(
						JsonPatchOperation.add(c.path + "/" + JsonPointer.escape(e.getKey()), e.getValue().deepCopy()));
			}
		}
	}

	private static void compareArrays(Compare c, List<Object> next) {
		int common = Math.min(c.source.size(), c.target.size());
		for (int i = 0; i < common; i++) {
			next.add(new Compare(c.path + "/" + i, c.source.get(i), c.target.get(i)));
		}
		for (int i = c.source.size() - 1; i >= common; i--) {
			next.add(JsonPatchOperation.remove(c.path + "/" + i));
		}
		for (int i = common; i < c.target.size(); i++) {
			next.add(JsonPatchOperation.add(c.path + "/" + i, c.target.get(i).deepCopy()));
		}
	}

	/**
	 * Applies a patch of {@code add}, {@code remove} and {@code replace} operations to a
	 * copy of {@code document}.
	 * @param document the document (not modified)
	 * @param patch the operations, in order
	 * @return the patched copy
	 * @throws IllegalArgumentException when an operation's target does not exist or
	 * cannot take it
	 */
	public static JsonNode apply(JsonNode document, List<JsonPatchOperation> patch) {
		JsonNode root = document.deepCopy();
		for (JsonPatchOperation op : patch) {
			root = applyOne(root, op);
		}
		return root;
	}

	private static JsonNode applyOne(JsonNode root, JsonPatchOperation op) {
		List<String> tokens = parsePointer(op.path());
		if (tokens.isEmpty()) {
			return switch (op.op()) {
				case "add", "replace" -> op.value().deepCopy();
				default -> throw new IllegalArgumentException("cannot remove the whole document");
			};
		}
		JsonNode parent = root;
		for (int i = 0; i < tokens.size() - 1; i++) {
			parent = child(parent, tokens.get(i), op.path());
		}
		String last = tokens.get(tokens.size() - 1);
		if (parent instanceof ObjectNode object) {
			boolean exists = object.has(last);
			switch (op.op()) {
				case "add" -> object.set(last, op.value().deepCopy());
				case "replace" -> {
					requireTarget(exists, op.path());
					object.set(last, op.value().deepCopy());
				}
				default -> {
					requireTarget(exists, op.path());
					object.remove(last);
				}
			}
		}
		else if (parent instanceof ArrayNode array) {
			if (op.op().equals("add") && last.equals("-")) {
				array.add(op.value().deepCopy());
				return root;
			}
			int index = index(last, op.path());
			switch (op.op()) {
				case "add" -> {
					requireTarget(index <= array.size(), op.path());
					array.insert(index, op.value().deepCopy());
				}
				case "replace" -> {
					requireTarget(index < array.size(), op.path());
					array.set(index, op.value().deepCopy());
				}
				default -> {
					requireTarget(index < array.size(), op.path());
					array.remove(index);
				}
			}
		}
		else {
			throw new IllegalArgumentException("no container at the parent of " + op.path());
		}
		return root;
	}

	private static JsonNode child(JsonNode parent, String token, String path) {
		JsonNode child = null;
		if (parent.isObject()) {
			child = parent.get(token);
		}
		else if (parent.isArray()) {
			int index = index(token, path);
			child = (index < parent.size()) ? parent.get(index) : null;
		}
		requireTarget(child != null, path);
		return child;
	}

	private static int index(String token, String path) {
		if (!token.matches("0|[1-9][0-9]{0,8}")) {
			throw new IllegalArgumentException("not an array index in " + path + ": " + token);
		}
		return Integer.parseInt(token);
	}

	private static void requireTarget(boolean exists, String path) {
		if (!exists) {
			throw new IllegalArgumentException("no such target: " + path);
		}
	}

	/** RFC 6901 reference tokens of a pointer ({@code ""} has none). */
	static List<String> parsePointer(String pointer) {
		List<String> tokens = new ArrayList<>();
		if (pointer.isEmpty()) {
			return tokens;
		}
		if (pointer.charAt(0) != '/') {
			throw new IllegalArgumentException("JSON Pointer must start with '/': " + pointer);
		}
		for (String raw : pointer.substring(1).split("/", -1)) {
			tokens.add(raw.replace("~1", "/").replace("~0", "~"));
		}
		return tokens;
	}

	private record Compare(String path, JsonNode source, JsonNode target) {
	}

}
