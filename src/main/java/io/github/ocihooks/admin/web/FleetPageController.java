package io.github.ocihooks.admin.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.fleet.Fleet;
import io.github.ocihooks.admin.fleet.FleetPreview;
import io.github.ocihooks.admin.fleet.Rollouts;
import io.github.ocihooks.admin.preview.PreviewService;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The fleet pages of a hub: nodes and drift, the fleet preview, and rollouts. */
@Controller
class FleetPageController {

	static final String SAMPLE = """
			{
			  "process": {"args": ["/bin/sh"]},
			  "annotations": {"com.example.gpu": "true"},
			  "mounts": [{"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["rbind"]}]
			}
			""";

	private final Fleet fleet;

	private final FleetPreview previews;

	private final Rollouts rollouts;

	FleetPageController(Fleet fleet, FleetPreview previews, Rollouts rollouts) {
		this.fleet = fleet;
		this.previews = previews;
		this.rollouts = rollouts;
	}

	@GetMapping("/fleet")
	String fleet(Model model) {
		model.addAttribute("enabled", this.fleet.enabled());
		if (this.fleet.enabled()) {
			model.addAttribute("nodes", this.fleet.nodes());
			model.addAttribute("drift", this.fleet.drift());
			model.addAttribute("lastRefresh", this.fleet.lastRefresh());
			model.addAttribute("dnsError", this.fleet.dnsError());
			model.addAttribute("rollouts", this.rollouts.list());
		}
		return "fleet";
	}

	/**
	 * One group's answer on the page.
	 *
	 * @param group the group
	 * @param hooksJson the config's hooks after injection, as JSON text (null when
	 * nothing was injected)
	 * @param extensionJson hooks returned for extension stages, as JSON text
	 * @param runtimeError the runtime's error, if it refuses every container
	 * @param error why it could not be previewed
	 */
	record GroupRow(io.github.ocihooks.admin.fleet.Drift.Group group, String hooksJson, String extensionJson,
			String runtimeError, String error) {
	}

	@GetMapping("/fleet/preview")
	String previewForm(Model model) {
		requireHub();
		model.addAttribute("configText", SAMPLE);
		return "fleet-preview";
	}

	@PostMapping("/fleet/preview")
	String preview(@RequestParam(defaultValue = "") String config, Model model) {
		requireHub();
		model.addAttribute("configText", config);
		ContainerConfig parsed;
		try {
			parsed = ContainerConfig.parse(GoJson.parse(config.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GoJson.SyntaxException | ContainerConfig.InvalidConfigException ex) {
			model.addAttribute("configError", ex.getMessage());
			return "fleet-preview";
		}
		List<GroupRow> rows = new ArrayList<>();
		for (FleetPreview.GroupPreview g : this.previews.preview(new FleetPreview.Input(parsed, null, null, null))) {
			String hooks = null;
			String extension = null;
			if (g.result() != null && g.result().hooks() != null) {
				hooks = PreviewService.hooksJson(g.result().hooks()).toPrettyString();
			}
			if (g.result() != null && g.result().extensionStageHooks() != null
					&& !g.result().extensionStageHooks().isEmpty()) {
				extension = PreviewService.hooksJson(g.result().extensionStageHooks()).toPrettyString();
			}
			rows.add(new GroupRow(g.group(), hooks, extension,
					(g.runtimeError() != null) ? g.runtimeError().message() : null, g.error()));
		}
		model.addAttribute("groups", rows);
		return "fleet-preview";
	}

	@GetMapping("/fleet/rollouts/{id}")
	String rollout(@PathVariable String id, Model model) {
		requireHub();
		model.addAttribute("rollout", this.rollouts.get(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No rollout " + id)));
		return "fleet-rollout";
	}

	private void requireHub() {
		if (!this.fleet.enabled()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Hub mode is off (hooks.fleet.enabled=false)");
		}
	}

}
