package io.github.ocihooks.admin.api;

import io.github.ocihooks.admin.definitions.DefinitionCheck;

/**
 * A definition the engine rejects (or that breaks the stricter rules for writes); becomes
 * 422.
 */
class InvalidDefinitionException extends RuntimeException {

	private final transient DefinitionCheck check;

	private final String pointerPrefix;

	InvalidDefinitionException(DefinitionCheck check, String pointerPrefix) {
		super(check.errors().get(0).message());
		this.check = check;
		this.pointerPrefix = pointerPrefix;
	}

	DefinitionCheck check() {
		return this.check;
	}

	String pointerPrefix() {
		return this.pointerPrefix;
	}

}
