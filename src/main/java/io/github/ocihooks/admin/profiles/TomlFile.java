package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/** Reads a TOML configuration file (containers.conf, crio.conf) into a tree. */
final class TomlFile {

	private static final TomlMapper TOML = TomlMapper.builder().build();

	/**
	 * The outcome of reading one file.
	 *
	 * @param tree the document, or null
	 * @param absent the file does not exist
	 * @param error why it could not be read or parsed, or null
	 */
	record Read(JsonNode tree, boolean absent, String error) {
	}

	private TomlFile() {
	}

	static Read read(Path location) {
		String text;
		try {
			text = Files.readString(location, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return new Read(null, true, null);
		}
		catch (IOException ex) {
			return new Read(null, false, "cannot be read: " + ex);
		}
		try {
			return new Read(TOML.readTree(text), false, null);
		}
		catch (JacksonException ex) {
			return new Read(null, false, "not valid TOML: " + ex.getOriginalMessage() + locationOf(ex));
		}
	}

	private static String locationOf(JacksonException ex) {
		if (ex.getLocation() == null || ex.getLocation().getLineNr() < 1) {
			return "";
		}
		return " (near line " + ex.getLocation().getLineNr() + ")";
	}

	/** The node at {@code table.key} ({@code "engine", "hooks_dir"}), or null. */
	static JsonNode at(JsonNode tree, String... path) {
		JsonNode node = tree;
		for (String name : path) {
			if (node == null || !node.isObject()) {
				return null;
			}
			node = node.get(name);
		}
		return node;
	}

}
