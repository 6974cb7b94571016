package io.github.ocihooks.admin.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.ocihooks.admin.engine.HookDefinition;

/**
 * A hook definition in schema 1.0.0 form (legacy 0.1.0 files shown as the runtime
 * converts them).
 *
 * @param version the version the file declares ({@code 1.0.0}, {@code 0.1.0}, or empty
 * for none)
 * @param hook the hook to inject
 * @param when the conditions
 * @param stages the stages
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DefinitionJson(String version, HookJson hook, WhenJson when, List<String> stages) {

	/**
	 * @param always see oci-hooks(5)
	 * @param annotations key pattern to value pattern
	 * @param commands patterns for {@code process.args[0]}
	 * @param hasBindMounts see oci-hooks(5)
	 * @param anyOf true for legacy 0.1.0 definitions: any condition suffices
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WhenJson(Boolean always, Map<String, String> annotations, List<String> commands, Boolean hasBindMounts,
			@io.swagger.v3.oas.annotations.media.Schema(
					accessMode = io.swagger.v3.oas.annotations.media.Schema.AccessMode.READ_ONLY,
					description = "Read only: true for legacy 0.1.0 definitions, whose conditions match when any "
							+ "matches") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean anyOf) {
	}

	static DefinitionJson of(HookDefinition d) {
		if (d == null) {
			return null;
		}
		var w = d.when();
		return new DefinitionJson(d.sourceVersion(), HookJson.of(d.hook()),
				new WhenJson(w.always(), w.annotations(), w.commands(), w.hasBindMounts(), w.or()), d.stages());
	}

}
