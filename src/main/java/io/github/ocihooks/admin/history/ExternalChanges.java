package io.github.ocihooks.admin.history;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.SnapshotChangedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs changes that others made on disk (packages, config management, editors), as the
 * watcher or a reload notices them: one {@code external-*} audit line per file created,
 * changed or removed.
 */
@Component
class ExternalChanges {

	private final AuditLog audit;

	ExternalChanges(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void onSnapshot(SnapshotChangedEvent event) {
		if (event.previous() == null || "write".equals(event.cause()) || "startup".equals(event.cause())) {
			return;
		}
		Map<String, String> before = hashes(event.previous());
		Map<String, String> after = hashes(event.current());
		for (Map.Entry<String, String> e : after.entrySet()) {
			String old = before.get(e.getKey());
			if (!before.containsKey(e.getKey())) {
				log(AuditAction.EXTERNAL_CREATE, e.getKey(), null, e.getValue());
			}
			else if (!Objects.equals(old, e.getValue())) {
				log(AuditAction.EXTERNAL_UPDATE, e.getKey(), old, e.getValue());
			}
		}
		for (Map.Entry<String, String> e : before.entrySet()) {
			if (!after.containsKey(e.getKey())) {
				log(AuditAction.EXTERNAL_DELETE, e.getKey(), e.getValue(), null);
			}
		}
	}

	private void log(AuditAction action, String key, String before, String after) {
		int split = key.indexOf('\u0000');
		this.audit.observed(action.wire(), key.substring(0, split), key.substring(split + 1), before, after);
	}

	/** directory NUL name to content hash, for the {@code .json} entries. */
	private static Map<String, String> hashes(Snapshot snapshot) {
		Map<String, String> out = new HashMap<>();
		for (DirectoryScan scan : snapshot.directories()) {
			for (HookFile f : scan.files()) {
				if (f.kind() != HookFile.Kind.NOT_JSON) {
					out.put(java.nio.file.Path.of(f.directory()).toAbsolutePath().normalize() + "\u0000" + f.name(),
							f.sha256());
				}
			}
		}
		return out;
	}

}
