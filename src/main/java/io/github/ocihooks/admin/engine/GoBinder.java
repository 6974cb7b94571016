package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.github.ocihooks.admin.engine.GoJson.JArray;
import io.github.ocihooks.admin.engine.GoJson.JBool;
import io.github.ocihooks.admin.engine.GoJson.JNull;
import io.github.ocihooks.admin.engine.GoJson.JNumber;
import io.github.ocihooks.admin.engine.GoJson.JObject;
import io.github.ocihooks.admin.engine.GoJson.JString;
import io.github.ocihooks.admin.engine.GoJson.Member;
import io.github.ocihooks.admin.engine.GoJson.Value;

/**
 * Binds a {@link GoJson} tree into Java values with the rules of Go's
 * {@code encoding/json} {@code Unmarshal}:
 * <ul>
 * <li>a key selects a struct field by exact name, else case-insensitively (Go's fold,
 * where U+212A KELVIN SIGN is 'k' and U+017F LONG S is 's'); unknown keys are
 * skipped;</li>
 * <li>a repeated key decodes again into the same field: strings, booleans, numbers and
 * arrays are replaced, objects (structs and maps) are <em>merged</em>;</li>
 * <li>{@code null} sets pointers, slices and maps to nil and leaves strings and structs
 * unchanged; a {@code null} array element or map value becomes {@code ""};</li>
 * <li>no coercion: a value of the wrong JSON kind is a type error; Go keeps decoding and
 * reports the first one.</li>
 * </ul>
 * Besides, it notes what the runtime silently accepts but an admin would want to know:
 * unknown keys, keys matched only case-insensitively, repeated keys.
 */
final class GoBinder {

	private String typeError;

	private String typeErrorPointer;

	private int typeErrorLine;

	private final List<Problem> typeErrors = new ArrayList<>();

	private final List<Problem> notes = new ArrayList<>();

	private final GoRelease go;

	GoBinder() {
		this(GoRelease.LATEST);
	}

	/** A binder with the type-error wording of the given Go release. */
	GoBinder(GoRelease go) {
		this.go = go;
	}

	/** A struct field: its canonical (Go tag) name and how to decode a value into it. */
	record Field(String name, BiConsumer<Value, String> decoder) {
	}

	/** First type error, Go style, or null. */
	String typeError() {
		return this.typeError;
	}

	String typeErrorPointer() {
		return this.typeErrorPointer;
	}

	int typeErrorLine() {
		return this.typeErrorLine;
	}

	List<Problem> notes() {
		return this.notes;
	}

	/**
	 * Every type error, each at its value (Go decodes on and reports only the first,
	 * {@link #typeError()}); codes {@code parse}, messages without the caller's prefix.
	 */
	List<Problem> typeErrors() {
		return this.typeErrors;
	}

	void typeError(Value value, String pointer, String goField, String goType) {
		// Go's decode.go literalStore: "number " + s only for numeric targets, else just
		// "number" (see GoRelease).
		boolean numeric = goType.equals("int");
		String what = (value instanceof JNumber n)
				? ((numeric || this.go.namesNumberForNonNumericTypes()) ? "number " + n.literal() : "number")
				: value.goKind();
		String message = (goField != null)
				? "json: cannot unmarshal " + what + " into Go struct field " + goField + " of type " + goType
				: "json: cannot unmarshal " + what + " into Go value of type " + goType;
		if (this.typeError == null) {
			this.typeError = message;
			this.typeErrorPointer = pointer;
			this.typeErrorLine = value.position().line();
		}
		this.typeErrors.add(new Problem(Severity.ERROR, "parse", null, null, pointer, value.position().line(), message,
				false, value.position().column()));
	}

	/**
	 * Decodes an object into a struct with the given fields.
	 * @return false when the value was neither an object nor null (a type error was
	 * recorded)
	 */
	boolean struct(Value value, String pointer, String goField, String goType, List<Field> fields) {
		if (value instanceof JNull) {
			return true;
		}
		if (!(value instanceof JObject object)) {
			typeError(value, pointer, goField, goType);
			return false;
		}
		Map<String, Integer> seen = new HashMap<>();
		for (Member member : object.members()) {
			String memberPointer = pointer + "/" + JsonPointer.escape(member.name());
			Field field = lookup(fields, member.name());
			int line = member.value().position().line();
			if (field == null) {
				String suggestion = suggest(fields, member.name());
				this.notes.add(Problem.of(Severity.WARNING, "unknown-key", memberPointer, line,
						"Unknown key \"" + member.name() + "\" is ignored by the runtime"
								+ ((suggestion != null) ? " (did you mean \"" + suggestion + "\"?)" : "") + "."));
				continue;
			}
			if (!field.name().equals(member.name())) {
				this.notes.add(Problem.of(Severity.WARNING, "key-case", memberPointer, line,
						"Key \"" + member.name() + "\" is read as \"" + field.name()
								+ "\" because Go matches keys case-insensitively; write it as \"" + field.name()
								+ "\"."));
			}
			Integer previous = seen.put(field.name(), line);
			if (previous != null) {
				this.notes.add(Problem.of(Severity.WARNING, "duplicate-key", memberPointer, line,
						"\"" + field.name() + "\" is set more than once (first on line " + previous
								+ "); the runtime decodes each in turn: the last value wins, and objects are merged."));
			}
			field.decoder().accept(member.value(), memberPointer);
		}
		return true;
	}

	/** Go's {@code string}: null leaves it unchanged. */
	String string(Value value, String pointer, String goField, String current) {
		if (value instanceof JString s) {
			return s.value();
		}
		if (!(value instanceof JNull)) {
			typeError(value, pointer, goField, "string");
		}
		return current;
	}

	/** Go's {@code *string}: null makes it nil. */
	String stringPointer(Value value, String pointer, String goField, String current) {
		if (value instanceof JNull) {
			return null;
		}
		return string(value, pointer, goField, current);
	}

	/** Go's {@code *bool}. */
	Boolean boolPointer(Value value, String pointer, String goField, Boolean current) {
		if (value instanceof JBool b) {
			return b.value();
		}
		if (value instanceof JNull) {
			return null;
		}
		typeError(value, pointer, goField, "bool");
		return current;
	}

	/**
	 * Go's {@code *int} (64-bit): only an integer literal that fits; {@code 1.0} and
	 * {@code 1e1} are type errors.
	 */
	Long intPointer(Value value, String pointer, String goField, Long current) {
		if (value instanceof JNumber n) {
			try {
				return Long.parseLong(n.literal());
			}
			catch (NumberFormatException ex) {
				typeError(value, pointer, goField, "int");
				return current;
			}
		}
		if (value instanceof JNull) {
			return null;
		}
		typeError(value, pointer, goField, "int");
		return current;
	}

	/** Go's {@code []string}: replaced as a whole; a null element becomes "". */
	List<String> stringSlice(Value value, String pointer, String goField, List<String> current) {
		if (value instanceof JNull) {
			return null;
		}
		if (!(value instanceof JArray array)) {
			typeError(value, pointer, goField, "[]string");
			return current;
		}
		List<String> result = new ArrayList<>(array.elements().size());
		int i = 0;
		for (Value element : array.elements()) {
			result.add(string(element, pointer + "/" + i, goField, ""));
			i++;
		}
		return result;
	}

	/**
	 * Go's {@code map[string]string}: an existing map is added to, not replaced; null
	 * makes it nil.
	 */
	Map<String, String> stringMap(Value value, String pointer, String goField, Map<String, String> current) {
		if (value instanceof JNull) {
			return null;
		}
		if (!(value instanceof JObject object)) {
			typeError(value, pointer, goField, "map[string]string");
			return current;
		}
		Map<String, String> result = (current != null) ? current : new LinkedHashMap<>();
		for (Member member : object.members()) {
			result.put(member.name(),
					string(member.value(), pointer + "/" + JsonPointer.escape(member.name()), goField, ""));
		}
		return result;
	}

	static Field lookup(List<Field> fields, String key) {
		for (Field field : fields) {
			if (field.name().equals(key)) {
				return field;
			}
		}
		String folded = fold(key);
		if (folded == null) {
			return null;
		}
		for (Field field : fields) {
			if (fold(field.name()).equals(folded)) {
				return field;
			}
		}
		return null;
	}

	/**
	 * Go's {@code foldName} restricted to what can equal an ASCII field name: ASCII
	 * letters upper-cased, KELVIN SIGN to 'K', LONG S to 'S'. Returns null when the key
	 * holds any other non-ASCII character (it then matches no field).
	 */
	static String fold(String key) {
		StringBuilder sb = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x80) {
				sb.append((c >= 'a' && c <= 'z') ? (char) (c - 32) : c);
			}
			else if (c == '\u212A') {
				sb.append('K');
			}
			else if (c == '\u017F') {
				sb.append('S');
			}
			else {
				return null;
			}
		}
		return sb.toString();
	}

	private static String suggest(List<Field> fields, String key) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (Field field : fields) {
			int d = distance(field.name().toLowerCase(), key.toLowerCase());
			if (d < bestDistance) {
				bestDistance = d;
				best = field.name();
			}
		}
		return (bestDistance <= Math.max(2, key.length() / 3)) ? best : null;
	}

	private static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1];
		int[] cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			prev[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
			}
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}

}
