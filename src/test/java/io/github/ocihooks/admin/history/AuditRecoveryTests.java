package io.github.ocihooks.admin.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up recovery of the state directory (issue 16, items 12 and 13): temporary files a
 * kill -9 left anywhere in the state directory are removed, real history files stay, and
 * the audit log and kept versions become 0600. (The hook directories' leftovers are the
 * store's: {@code StoreRecoveryTests}.)
 */
class AuditRecoveryTests {

	@TempDir
	Path root;

	@Test
	void leftoversUnderTheStateDirectoryAreRemovedAndStateFilesMadePrivate() throws Exception {
		Path state = Files.createDirectories(this.root.resolve("state"));
		Path versions = Files.createDirectories(state.resolve("history/hooks/a.json"));
		String sha = "0".repeat(64);
		Path kept = Files.writeString(versions.resolve("1700000000000-" + sha + ".json"), "{}");
		Path audit = Files.writeString(state.resolve("audit.log"), "");
		for (Path p : new Path[] { kept, audit }) {
			Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
		}
		Path[] leftovers = { versions.resolve(".oha-123456789.tmp"),
				versions.resolve(".1700000000000-" + sha + ".json.987.tmp"), state.resolve(".write-check42.tmp") };
		for (Path p : leftovers) {
			Files.writeString(p, "torn");
			Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
		}
		Path notOurs = Files.writeString(versions.resolve("notes.tmp"), "someone else's");

		recovery(state).run(null);

		for (Path p : leftovers) {
			assertThat(p).as(p.toString()).doesNotExist();
		}
		assertThat(kept).exists();
		assertThat(notOurs).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit))).isEqualTo("rw-------");
	}

	@Test
	void newAuditLogsAndKeptVersionsAre0600() throws Exception {
		Path state = Files.createDirectories(this.root.resolve("state"));
		AuditLog log = new AuditLog(state.resolve("audit.log"), Clock.systemUTC());
		log.record(Actor.SYSTEM, "test", "/d", "a.json", "written", null);
		History history = new History(Files.createDirectories(state.resolve("history")));
		history.save("d", "a.json", "{}".getBytes(), Instant.now());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file()))).isEqualTo("rw-------");
		try (var files = Files.walk(state.resolve("history"))) {
			files.filter(Files::isRegularFile)
				.forEach(p -> assertThat(PosixFilePermissions.toString(permissions(p))).as(p.toString())
					.isEqualTo("rw-------"));
		}
	}

	@Test
	void anEntryAfterALineTornByACrashStartsALineOfItsOwn() throws Exception {
		Path state = Files.createDirectories(this.root.resolve("state"));
		AuditLog log = new AuditLog(state.resolve("audit.log"), Clock.systemUTC());
		log.record(Actor.SYSTEM, "before-crash", "/d", "a.json", "written", null);
		Files.writeString(log.file(), "{\"id\":\"torn\",\"ti", java.nio.file.StandardOpenOption.APPEND);

		recovery(state).run(null);
		log.record(Actor.SYSTEM, "after-crash", "/d", "b.json", "written", null);

		assertThat(log.entries()).extracting(AuditLog.Entry::action).containsExactly("before-crash", "after-crash");
		assertThat(log.entries()).extracting(AuditLog.Entry::seq).containsExactly(1L, 3L);
	}

	private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(Path p) {
		try {
			return Files.getPosixFilePermissions(p);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static AuditRecovery recovery(Path state) {
		return new AuditRecovery(new AuditLog(state.resolve("audit.log"), Clock.systemUTC()),
				new History(state.resolve("history")));
	}

}
