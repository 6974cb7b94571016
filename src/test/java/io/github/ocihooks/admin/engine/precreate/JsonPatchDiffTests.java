package io.github.ocihooks.admin.engine.precreate;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link JsonPatchDiff}: exact patches for typical runtime-config changes, and
 * diff-then-apply round trips on random trees.
 */
class JsonPatchDiffTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	@Test
	void equalDocumentsGiveAnEmptyPatch() {
		JsonNode doc = json("{\"a\":[1,{\"b\":null}],\"c\":\"x\"}");
		assertThat(JsonPatchDiff.diff(doc, doc.deepCopy())).isEmpty();
	}

	@Test
	void numbersCompareByValueNotByRepresentation() {
		// What the preview injected (a long) against the same number read back from a
		// hook's output (an int).
		JsonNode before = NODES.objectNode().put("timeout", 20L);
		assertThat(JsonPatchDiff.diff(before, json("{\"timeout\": 20}"))).isEmpty();
		assertThat(JsonPatchDiff.diff(json("{\"t\": 1e1}"), json("{\"t\": 10}"))).isEmpty();
		assertThat(JsonPatchDiff.diff(json("{\"t\": 20}"), json("{\"t\": 21}")))
			.containsExactly(JsonPatchOperation.replace("/t", NODES.numberNode(21)));
		assertThat(JsonPatchDiff.diff(json("{\"t\": 1}"), json("{\"t\": \"1\"}"))).hasSize(1);
	}

	@Test
	void keyOrderIsNotADifference() {
		assertThat(JsonPatchDiff.diff(json("{\"a\":1,\"b\":2}"), json("{\"b\":2,\"a\":1}"))).isEmpty();
	}

	@Test
	void objectsAreComparedKeyByKey() {
		List<JsonPatchOperation> patch = JsonPatchDiff.diff(json("{\"gone\":1,\"same\":2,\"changed\":{\"x\":1}}"),
				json("{\"same\":2,\"changed\":{\"x\":2},\"new\":[true]}"));
		assertThat(patch).containsExactly(JsonPatchOperation.remove("/gone"),
				JsonPatchOperation.replace("/changed/x", NODES.numberNode(2)),
				JsonPatchOperation.add("/new", json("[true]")));
	}

	@Test
	void arraysAreComparedByIndexThenTail() {
		assertThat(JsonPatchDiff.diff(json("[1,2]"), json("[1,3,4,5]"))).containsExactly(
				JsonPatchOperation.replace("/1", NODES.numberNode(3)),
				JsonPatchOperation.add("/2", NODES.numberNode(4)), JsonPatchOperation.add("/3", NODES.numberNode(5)));
		assertThat(JsonPatchDiff.diff(json("[1,2,3,4]"), json("[0,2]"))).containsExactly(
				JsonPatchOperation.replace("/0", NODES.numberNode(0)), JsonPatchOperation.remove("/3"),
				JsonPatchOperation.remove("/2"));
	}

	@Test
	void differentKindsAreReplacedWhole() {
		assertThat(JsonPatchDiff.diff(json("{\"a\":[1]}"), json("{\"a\":{\"0\":1}}")))
			.containsExactly(JsonPatchOperation.replace("/a", json("{\"0\":1}")));
		assertThat(JsonPatchDiff.diff(json("{\"a\":1}"), json("{\"a\":\"1\"}")))
			.containsExactly(JsonPatchOperation.replace("/a", NODES.stringNode("1")));
		assertThat(JsonPatchDiff.diff(json("{\"a\":1}"), json("{\"a\":null}")))
			.containsExactly(JsonPatchOperation.replace("/a", NODES.nullNode()));
		assertThat(JsonPatchDiff.diff(json("{}"), json("[]")))
			.containsExactly(JsonPatchOperation.replace("", json("[]")));
	}

	@Test
	void keysAreEscapedAsJsonPointerTokens() {
		assertThat(JsonPatchDiff.diff(json("{\"a/b\":{\"m~n\":1}}"), json("{\"a/b\":{\"m~n\":2},\"\":0}")))
			.containsExactly(JsonPatchOperation.replace("/a~1b/m~0n", NODES.numberNode(2)),
					JsonPatchOperation.add("/", NODES.numberNode(0)));
		assertThat(JsonPatchDiff.apply(json("{\"a/b\":{\"m~n\":1}}"),
				List.of(JsonPatchOperation.replace("/a~1b/m~0n", NODES.numberNode(2)))))
			.isEqualTo(json("{\"a/b\":{\"m~n\":2}}"));
	}

	@Test
	void deviceInjectionIsOneAdd() {
		JsonNode before = json("{\"linux\":{\"devices\":[{\"path\":\"/dev/fuse\"}]}}");
		JsonNode after = json("{\"linux\":{\"devices\":[{\"path\":\"/dev/fuse\"},{\"path\":\"/dev/sda\"}]}}");
		assertThat(JsonPatchDiff.diff(before, after))
			.containsExactly(JsonPatchOperation.add("/linux/devices/1", json("{\"path\":\"/dev/sda\"}")));
	}

	@Test
	void applyRejectsMissingTargets() {
		JsonNode doc = json("{\"a\":[1]}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonPatchDiff.apply(doc, List.of(JsonPatchOperation.remove("/b"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonPatchDiff.apply(doc, List.of(JsonPatchOperation.replace("/a/1", doc))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonPatchDiff.apply(doc, List.of(JsonPatchOperation.add("/a/2", doc))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonPatchDiff.apply(doc, List.of(JsonPatchOperation.add("/x/y", doc))));
		assertThat(doc).isEqualTo(json("{\"a\":[1]}"));
	}

	@Test
	void operationsAreValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonPatchOperation("move", "/a", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonPatchOperation("remove", "/a", NODES.nullNode()));
	}

	@Test
	void deepDocumentsDoNotOverflowTheStack() {
		ObjectNode before = NODES.objectNode();
		ObjectNode after = NODES.objectNode();
		ObjectNode b = before;
		ObjectNode a = after;
		StringBuilder path = new StringBuilder();
		for (int i = 0; i < 5000; i++) {
			b = b.putObject("n");
			a = a.putObject("n");
			path.append("/n");
		}
		a.put("leaf", true);
		assertThat(JsonPatchDiff.diff(before, after))
			.containsExactly(JsonPatchOperation.add(path + "/leaf", NODES.booleanNode(true)));
	}

	@Test
	void applyingTheDiffGivesTheTarget() {
		Random random = new Random(20240611L);
		for (int i = 0; i < 500; i++) {
			JsonNode source = randomTree(random, 0);
			JsonNode target = (random.nextInt(4) == 0) ? randomTree(random, 0) : mutate(source.deepCopy(), random, 0);
			List<JsonPatchOperation> patch = JsonPatchDiff.diff(source, target);
			JsonNode sourceCopy = source.deepCopy();
			assertThat(JsonPatchDiff.apply(source, patch)).as("case %d: %s -> %s via %s", i, source, target, patch)
				.isEqualTo(target);
			assertThat(source).isEqualTo(sourceCopy);
			assertThat(JsonPatchDiff.diff(target, target.deepCopy())).isEmpty();
		}
	}

	private static final String[] KEYS = { "a", "b", "c", "a/b", "~", "" };

	private static JsonNode randomTree(Random random, int depth) {
		int kind = (depth >= 4) ? 2 + random.nextInt(4) : random.nextInt(6);
		switch (kind) {
			case 0 -> {
				ObjectNode object = NODES.objectNode();
				int n = random.nextInt(4);
				for (int i = 0; i < n; i++) {
					object.set(KEYS[random.nextInt(KEYS.length)], randomTree(random, depth + 1));
				}
				return object;
			}
			case 1 -> {
				ArrayNode array = NODES.arrayNode();
				int n = random.nextInt(4);
				for (int i = 0; i < n; i++) {
					array.add(randomTree(random, depth + 1));
				}
				return array;
			}
			case 2 -> {
				return NODES.numberNode(random.nextInt(3));
			}
			case 3 -> {
				return NODES.stringNode(KEYS[random.nextInt(KEYS.length)]);
			}
			case 4 -> {
				return NODES.booleanNode(random.nextBoolean());
			}
			default -> {
				return NODES.nullNode();
			}
		}
	}

	/**
	 * Small random edits, so that most diffs are structural rather than whole
	 * replacements.
	 */
	private static JsonNode mutate(JsonNode node, Random random, int depth) {
		if (random.nextInt(5) == 0) {
			return randomTree(random, depth);
		}
		if (node instanceof ObjectNode object) {
			for (String key : List.copyOf(object.propertyNames())) {
				switch (random.nextInt(4)) {
					case 0 -> object.remove(key);
					case 1 -> object.set(key, mutate(object.get(key), random, depth + 1));
					default -> {
					}
				}
			}
			if (random.nextBoolean()) {
				object.set(KEYS[random.nextInt(KEYS.length)], randomTree(random, depth + 1));
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				if (random.nextInt(3) == 0) {
					array.set(i, mutate(array.get(i), random, depth + 1));
				}
			}
			int edit = random.nextInt(3);
			if (edit == 0 && !array.isEmpty()) {
				array.remove(random.nextInt(array.size()));
			}
			else if (edit == 1) {
				array.insert(random.nextInt(array.size() + 1), randomTree(random, depth + 1));
			}
		}
		return node;
	}

}
