package io.github.ocihooks.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.ocihooks.admin.engine.OciHook;

/**
 * An OCI hook as it appears in {@code config.json}: empty {@code args}/{@code env} and
 * null timeout are omitted.
 */
record HookJson(String path, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> args,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> env,
		@JsonInclude(JsonInclude.Include.NON_NULL) Long timeout) {

	static HookJson of(OciHook hook) {
		return new HookJson(hook.path(), hook.args(), hook.env(), hook.timeout());
	}

	static Map<String, List<HookJson>> of(Map<String, List<OciHook>> byStage) {
		if (byStage == null) {
			return null;
		}
		Map<String, List<HookJson>> out = new LinkedHashMap<>();
		byStage.forEach((stage, hooks) -> {
			List<HookJson> list = new ArrayList<>(hooks.size());
			hooks.forEach(h -> list.add(of(h)));
			out.put(stage, list);
		});
		return out;
	}

}
