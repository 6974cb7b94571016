package io.github.ocihooks.admin.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ocihooks.admin.fleet.Rollout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log's one filter and its paging: each part of the filter, pages newest first
 * named by a sequence-number cursor that stays put while entries arrive, and the
 * parameters it refuses.
 */
class AuditQueryTests {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	@TempDir
	Path root;

	private final AtomicReference<Instant> now = new AtomicReference<>(T0);

	private AuditLog log;

	@BeforeEach
	void setUp() {
		Clock clock = new Clock() {

			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return AuditQueryTests.this.now.get();
			}

		};
		this.log = new AuditLog(this.root.resolve("audit.log"), clock);
	}

	/**
	 * One entry per minute from T0, as {@code user} (no outcome: a record of its own).
	 */
	private void entry(String user, AuditAction action, String directory, String name) {
		this.log.record(new Actor(user, "10.0.0.1"), action.wire(), directory, name, "written", null);
		this.now.set(this.now.get().plusSeconds(60));
	}

	private static AuditQuery query(String directory, String name, Set<AuditAction> actions, String user, Instant since,
			Instant until) {
		return new AuditQuery(directory, name, actions, user, since, until, null, null, AuditQuery.MAX_LIMIT);
	}

	private List<String> names(AuditQuery query) {
		return this.log.search(query).entries().stream().map(e -> e.user() + ":" + e.name()).toList();
	}

	@Test
	void everyPartOfTheFilterMustMatch() {
		entry("alice", AuditAction.CREATE, "/etc/hooks", "a.json");
		entry("external", AuditAction.EXTERNAL_UPDATE, "/etc/hooks", "a.json");
		entry("bob", AuditAction.UPDATE, "/usr/share/hooks", "a.json");
		entry("alice", AuditAction.DELETE, "/etc/hooks", "b.json");

		assertThat(names(query(null, null, Set.of(), null, null, null))).containsExactly("alice:b.json", "bob:a.json",
				"external:a.json", "alice:a.json");
		assertThat(names(query("/etc/hooks", "a.json", Set.of(), null, null, null))).containsExactly("external:a.json",
				"alice:a.json");
		assertThat(names(query(null, null, Set.of(AuditAction.EXTERNAL_UPDATE), null, null, null)))
			.containsExactly("external:a.json");
		assertThat(names(query(null, null, Set.of(AuditAction.CREATE, AuditAction.DELETE), null, null, null)))
			.containsExactly("alice:b.json", "alice:a.json");
		assertThat(names(query(null, null, Set.of(), "alice", null, null))).containsExactly("alice:b.json",
				"alice:a.json");
		// since is included, until is not.
		assertThat(names(query(null, null, Set.of(), null, T0.plusSeconds(60), T0.plusSeconds(180))))
			.containsExactly("bob:a.json", "external:a.json");
		assertThat(names(query("/etc/hooks", null, Set.of(AuditAction.UPDATE), "bob", null, null))).isEmpty();
	}

	@Test
	void entriesCarryTheirLineAsSequenceNumber() throws Exception {
		entry("alice", AuditAction.CREATE, "/d", "a.json");
		Files.writeString(this.root.resolve("audit.log"), "{ torn\n", java.nio.file.StandardOpenOption.APPEND);
		entry("alice", AuditAction.UPDATE, "/d", "a.json");
		assertThat(this.log.entries()).extracting(AuditLog.Entry::seq).containsExactly(1L, 3L);
		// The number is given when reading, never written into the log.
		assertThat(Files.readString(this.root.resolve("audit.log"))).doesNotContain("seq");
	}

	@Test
	void pagesGoBackInTimeAndStayTheSameWhileEntriesArrive() {
		for (int i = 1; i <= 7; i++) {
			entry((i % 2 == 0) ? "bob" : "alice", AuditAction.UPDATE, "/d", i + ".json");
		}
		AuditQuery all = new AuditQuery(null, null, Set.of(), null, null, null, null, null, 3);
		AuditLog.Page first = this.log.search(all);
		assertThat(first.entries()).extracting(AuditLog.Entry::name).containsExactly("7.json", "6.json", "5.json");
		assertThat(first.newer()).isNull();
		assertThat(first.older()).isEqualTo(first.entries().get(2).seq());

		AuditLog.Page second = this.log.search(withCursor(all, first.older(), null));
		assertThat(second.entries()).extracting(AuditLog.Entry::name).containsExactly("4.json", "3.json", "2.json");

		// New entries arrive: the second page is still the second page.
		entry("alice", AuditAction.UPDATE, "/d", "8.json");
		entry("alice", AuditAction.UPDATE, "/d", "9.json");
		assertThat(this.log.search(withCursor(all, first.older(), null)).entries()).isEqualTo(second.entries());

		AuditLog.Page last = this.log.search(withCursor(all, second.older(), null));
		assertThat(last.entries()).extracting(AuditLog.Entry::name).containsExactly("1.json");
		assertThat(last.older()).isNull();

		// And back: the page just newer than the last one is the second page again.
		assertThat(last.newer()).isNotNull();
		assertThat(this.log.search(withCursor(all, null, last.newer())).entries()).isEqualTo(second.entries());
		AuditLog.Page newest = this.log.search(withCursor(all, null, second.newer()));
		assertThat(newest.entries()).extracting(AuditLog.Entry::name).containsExactly("7.json", "6.json", "5.json");
		assertThat(newest.newer()).as("8.json and 9.json arrived since").isNotNull();
	}

	@Test
	void pagesOfAFilterHoldOnlyItsEntries() {
		for (int i = 1; i <= 6; i++) {
			entry((i % 2 == 0) ? "bob" : "alice", AuditAction.UPDATE, "/d", i + ".json");
		}
		AuditQuery bob = new AuditQuery(null, null, Set.of(), "bob", null, null, null, null, 2);
		List<String> seen = new ArrayList<>();
		AuditLog.Page page = this.log.search(bob);
		while (true) {
			page.entries().forEach(e -> seen.add(e.name()));
			if (page.older() == null) {
				break;
			}
			page = this.log.search(withCursor(bob, page.older(), null));
		}
		assertThat(seen).containsExactly("6.json", "4.json", "2.json");
	}

	@Test
	void anEmptyPagePastEitherEndPointsBack() {
		for (int i = 1; i <= 3; i++) {
			entry("alice", AuditAction.UPDATE, "/d", i + ".json");
		}
		AuditQuery two = new AuditQuery(null, null, Set.of(), null, null, null, null, null, 2);
		AuditLog.Page pastTheOldest = this.log.search(withCursor(two, 1L, null));
		assertThat(pastTheOldest.entries()).isEmpty();
		assertThat(pastTheOldest.older()).isNull();
		assertThat(this.log.search(withCursor(two, null, pastTheOldest.newer())).entries())
			.extracting(AuditLog.Entry::name)
			.containsExactly("2.json", "1.json");
		AuditLog.Page pastTheNewest = this.log.search(withCursor(two, null, 99L));
		assertThat(pastTheNewest.entries()).isEmpty();
		assertThat(pastTheNewest.newer()).isNull();
		assertThat(this.log.search(withCursor(two, pastTheNewest.older(), null)).entries())
			.extracting(AuditLog.Entry::name)
			.containsExactly("3.json", "2.json");
	}

	private static AuditQuery withCursor(AuditQuery q, Long before, Long after) {
		return new AuditQuery(q.directory(), q.name(), q.actions(), q.user(), q.since(), q.until(), before, after,
				q.limit());
	}

	@Test
	void timesAreIsoInstantsOrUtcWithoutAnOffset() {
		assertThat(AuditQuery.time("since", "2026-03-01T10:00:00Z")).isEqualTo(T0);
		assertThat(AuditQuery.time("since", "2026-03-01T12:00:00+02:00")).isEqualTo(T0);
		assertThat(AuditQuery.time("since", "2026-03-01T10:00")).isEqualTo(T0);
		assertThat(AuditQuery.time("since", "2026-03-01")).isEqualTo(T0.minusSeconds(36_000));
		assertThat(AuditQuery.time("since", " ")).isNull();
		assertThatThrownBy(() -> AuditQuery.time("until", "yesterday")).isInstanceOf(AuditQuery.Invalid.class)
			.hasMessageContaining("\"yesterday\" is not a valid until")
			.satisfies(ex -> assertThat(((AuditQuery.Invalid) ex).parameter()).isEqualTo("until"));
	}

	@Test
	void invalidQueriesNameTheParameter() {
		assertThat(invalid(() -> AuditQuery.of(null, null, null, null, null, null, null, null, 0))).isEqualTo("limit");
		assertThat(invalid(() -> AuditQuery.of(null, null, null, null, null, null, null, null, 10_001)))
			.isEqualTo("limit");
		assertThat(invalid(() -> AuditQuery.of(null, null, null, null, null, null, 0L, null, 5))).isEqualTo("before");
		assertThat(invalid(() -> AuditQuery.of(null, null, null, null, null, null, 5L, 2L, 5))).isEqualTo("after");
		assertThat(invalid(() -> AuditQuery.of(null, null, null, null, "2026-03-02", "2026-03-01", null, null, 5)))
			.isEqualTo("until");
		// Blank text is "not given".
		AuditQuery blank = AuditQuery.of("", " ", null, "", "", "", null, null, 5);
		assertThat(blank.filtered()).isFalse();
	}

	private static String invalid(Runnable query) {
		try {
			query.run();
		}
		catch (AuditQuery.Invalid ex) {
			return ex.parameter();
		}
		throw new AssertionError("accepted");
	}

	@Test
	void actionsAreWrittenAsTheLogWritesThem() {
		assertThat(AuditAction.EXTERNAL_CREATE.wire()).isEqualTo("external-create");
		assertThat(AuditAction.CREATE_DIRECTORY.toString()).isEqualTo("create-directory");
		// Every step a fleet rollout logs ("fleet-rollout-" + its action) is one the
		// filter knows.
		for (Rollout.Action action : Rollout.Action.values()) {
			assertThat(AuditAction.values()).extracting(AuditAction::wire)
				.contains("fleet-rollout-" + action.name().toLowerCase(java.util.Locale.ROOT));
		}
	}

}
