package io.github.ocihooks.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.inventory.StatusCounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Rescans the hook directories on request. */
@RestController
@Tag(name = "inventory", description = "The hook directories and their files")
class ReloadController {

	private final HookStore store;

	ReloadController(HookStore store) {
		this.store = store;
	}

	@PostMapping(path = "/api/v1/reload", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "reload",
			summary = "Detect the runtime profiles again and rescan every hook directory now",
			description = "Synchronous: when the response arrives, previews use the new snapshot. Without "
					+ "hooks.directories, the runtimes are detected again first (containers.conf and crio.conf may have "
					+ "changed), and the directories they read become the ones this service manages.")
	Inventory reload() {
		return Inventory.of(this.store.redetect());
	}

	/**
	 * A summary of a snapshot.
	 *
	 * @param generation increases with every reload
	 * @param loadedAt when it was loaded
	 * @param directories each directory in increasing precedence
	 * @param counts files by status, all directories together
	 * @param runtimeError non-null when the runtime would refuse every container
	 */
	record Inventory(long generation, Instant loadedAt, List<Directory> directories, Map<String, Integer> counts,
			RuntimeError runtimeError) {

		static Inventory of(Snapshot snapshot) {
			Map<Integer, Map<String, Integer>> perDirectory = StatusCounts.byDirectory(snapshot);
			List<Directory> directories = new ArrayList<>();
			for (DirectoryScan scan : snapshot.directories()) {
				directories.add(new Directory(scan.index(), scan.path(), scan.exists(), scan.error(),
						perDirectory.getOrDefault(scan.index(), StatusCounts.zero())));
			}
			return new Inventory(snapshot.generation(), snapshot.loadedAt(), directories,
					StatusCounts.of(snapshot.resolution().files()), snapshot.resolution().loadError());
		}

	}

	/**
	 * One directory.
	 *
	 * @param precedence 0 for the lowest
	 * @param path as configured
	 * @param exists whether it exists
	 * @param error a listing error that makes the runtime refuse every container, or null
	 * @param counts files by status
	 */
	record Directory(int precedence, String path, boolean exists, String error, Map<String, Integer> counts) {
	}

}
