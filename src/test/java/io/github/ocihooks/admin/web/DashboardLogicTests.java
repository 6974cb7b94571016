package io.github.ocihooks.admin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.engine.When;
import io.github.ocihooks.admin.history.TextDiff;
import io.github.ocihooks.admin.inventory.Collisions;
import io.github.ocihooks.admin.inventory.HookCatalog;
import io.github.ocihooks.admin.inventory.HookFilter;
import io.github.ocihooks.admin.inventory.HookRow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's logic without a server: table rows, filters, sorting, collisions, the
 * editor form, diffs.
 */
class DashboardLogicTests {

	@TempDir
	Path root;

	Snapshot snapshot;

	@BeforeEach
	void scan() throws IOException {
		Path usr = Files.createDirectories(this.root.resolve("usr"));
		Path etc = Files.createDirectories(this.root.resolve("etc"));
		Files.writeString(usr.resolve("b.json"), hook("/bin/true", "\"always\": true", "prestart"));
		Files.writeString(usr.resolve("same.json"), hook("/bin/true", "\"always\": true", "poststart"));
		Files.writeString(etc.resolve("same.json"), hook("/bin/sh", "\"always\": true", "poststart"));
		Files.writeString(etc.resolve("A.json"), hook("/bin/true", "\"commands\": [\"^/bin/sh$\"]", "prestart"));
		Files.writeString(etc.resolve("a.json"), hook("/bin/true", "\"hasBindMounts\": true", "prestart"));
		Files.writeString(usr.resolve("broken.json"), "{");
		Files.writeString(etc.resolve("broken.json"), hook("/bin/true", "\"always\": true", "poststop"));
		Files.writeString(etc.resolve("notes.txt"), "not a hook");
		this.snapshot = new Snapshot(1, Instant.now(),
				new HookLoader(ExecutableProbe.fileSystem()).scan(List.of(usr.toString(), etc.toString())),
				List.of("precreate", "poststop"));
	}

	private static String hook(String path, String when, String stage) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + path + "\"}, \"when\": {" + when
				+ "}, \"stages\": [\"" + stage + "\"]}";
	}

	private List<HookRow> rows() {
		return HookCatalog.rows(this.snapshot, List.of("usr", "etc"));
	}

	private List<HookRow> filter(String status, String stage, String directory, String text) {
		return HookCatalog.rows(this.snapshot, List.of("usr", "etc"), new HookFilter(status, stage, directory, text));
	}

	@Test
	void rowsCarryStatusAndInjectionOrder() {
		List<HookRow> rows = rows();
		assertThat(rows).extracting(HookRow::name)
			.containsExactly("b.json", "broken.json", "same.json", "A.json", "a.json", "broken.json", "notes.txt",
					"same.json");
		HookRow b = rows.get(0);
		assertThat(b.status()).isEqualTo(Status.ACTIVE);
		assertThat(b.statusName()).isEqualTo("active");
		assertThat(b.when()).isEqualTo("always: true");
		assertThat(rows.get(1).status()).isEqualTo(Status.INVALID);
		assertThat(rows.get(1).blocksRuntime()).isTrue();
		assertThat(rows.get(2).status()).isEqualTo(Status.MASKED);
		assertThat(rows.get(2).order()).isNull();
		assertThat(rows.stream()
			.filter(r -> r.order() != null)
			.sorted(java.util.Comparator.comparing(HookRow::order))
			.map(HookRow::name)).containsExactly("A.json", "a.json", "b.json", "broken.json", "same.json");
	}

	@Test
	void filtersCombine() {
		assertThat(filter("masked", null, null, null)).extracting(HookRow::name).containsExactly("same.json");
		assertThat(filter(null, "prestart", "etc", null)).extracting(HookRow::name).containsExactly("A.json", "a.json");
		assertThat(filter("", "", "", "/BIN/SH")).extracting(HookRow::name).containsExactly("A.json", "same.json");
	}

	@Test
	void sortsByTheRuntimeOrderThenByColumns() {
		List<HookRow> byOrder = HookCatalog.sort(rows(), "order", false);
		assertThat(byOrder.get(0).name()).isEqualTo("A.json");
		assertThat(byOrder.get(byOrder.size() - 1).order()).isNull();
		assertThat(HookCatalog.sort(rows(), "name", true).get(0).name()).isEqualTo("same.json");
		assertThat(HookCatalog.sort(rows(), "bogus", false)).isEqualTo(byOrder);
	}

	@Test
	void summarisesConditions() {
		assertThat(HookCatalog.summary(new When(null, null, null, null, false))).startsWith("never");
		assertThat(
				HookCatalog.summary(new When(null, java.util.Map.of("^k$", "^v$"), List.of("^/bin/sh$"), true, false)))
			.isEqualTo("annotation ^k$ = ^v$; command ^/bin/sh$; hasBindMounts: true");
		assertThat(HookCatalog.summary(new When(null, null, List.of("a", "b"), true, true)))
			.isEqualTo("command a | b OR hasBindMounts: true");
	}

	@Test
	void findsCollisions() {
		Collisions collisions = Collisions.of(this.snapshot);
		assertThat(collisions.sameName()).extracting(Collisions.SameName::name)
			.containsExactly("broken.json", "same.json");
		Collisions.SameName same = collisions.sameName().get(1);
		assertThat(same.winner().directory()).endsWith("etc");
		assertThat(same.reason()).contains("highest-precedence");
		assertThat(collisions.caseInsensitive()).hasSize(1);
		assertThat(collisions.caseInsensitive().get(0)).extracting(s -> s.name()).containsExactly("A.json", "a.json");
		assertThat(collisions.sameExecutable()).extracting(Collisions.SameExecutable::stage).contains("prestart");
		assertThat(collisions.maskedButFatal()).hasSize(1);
		assertThat(collisions.maskedButFatal().get(0).file().name()).isEqualTo("broken.json");
		assertThat(collisions.maskedButFatal().get(0).higher().directory()).endsWith("etc");
	}

	@Test
	void sameExecutableCollisionsConsiderArgumentsAndConditions() throws IOException {
		Path dir = Files.createDirectories(this.root.resolve("exec"));
		String a = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\", \"args\": [\"true\", \"a\"]}, ";
		Files.writeString(dir.resolve("x.json"), a + "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}");
		Files.writeString(dir.resolve("y.json"),
				a.replace("\"a\"", "\"b\"") + "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}");
		Files.writeString(dir.resolve("z.json"), a + "\"when\": {\"commands\": [\"sh\"]}, \"stages\": [\"prestart\"]}");
		Files.writeString(dir.resolve("w.json"), a + "\"when\": {\"always\": true}, \"stages\": [\"poststop\"]}");
		Files.writeString(dir.resolve("v.json"), a + "\"when\": {\"always\": true}, \"stages\": [\"poststop\"]}");
		Snapshot s = new Snapshot(1, Instant.now(),
				new HookLoader(ExecutableProbe.fileSystem()).scan(List.of(dir.toString())),
				List.of("precreate", "poststop"));
		List<Collisions.SameExecutable> found = Collisions.of(s).sameExecutable();
		// y.json runs /bin/true with other arguments: not a collision.
		assertThat(found).hasSize(2);
		Collisions.SameExecutable prestart = found.stream()
			.filter(c -> c.stage().equals("prestart"))
			.findFirst()
			.orElseThrow();
		assertThat(prestart.files()).extracting(f -> f.name()).containsExactlyInAnyOrder("x.json", "z.json");
		assertThat(prestart.args()).containsExactly("true", "a");
		assertThat(prestart.sameConditions()).isFalse();
		Collisions.SameExecutable poststop = found.stream()
			.filter(c -> c.stage().equals("poststop"))
			.findFirst()
			.orElseThrow();
		assertThat(poststop.sameConditions()).isTrue();
	}

	@Test
	void deletingAMaskingFileBringsBackTheLowerOne() {
		var etcSame = HookCatalog.find(this.snapshot, 1, "same.json").orElseThrow();
		assertThat(HookCatalog.replacement(this.snapshot, etcSame).directory()).endsWith("usr");
		var onlyB = HookCatalog.find(this.snapshot, 0, "b.json").orElseThrow();
		assertThat(HookCatalog.replacement(this.snapshot, onlyB)).isNull();
	}

	@Test
	void formBecomesADefinitionAndBack() {
		HookForm form = HookForm.blank();
		form.setPath(" /usr/bin/hook ");
		form.setArgs("hook\n\n--flag\n");
		form.setTimeout("30");
		form.setAlways("");
		form.setHasBindMounts("false");
		form.setAnnotationKeys(List.of("^a,b$", "", ""));
		form.setAnnotationValues(List.of("^x$", "", ""));
		form.setStages(List.of("prestart", "poststop"));
		String json = form.definitionJson(JsonMapper.builder().build());
		assertThat(json)
			.contains("\"path\" : \"/usr/bin/hook\"", "\"--flag\"", "\"timeout\" : 30", "\"^a,b$\" : \"^x$\"",
					"\"hasBindMounts\" : false")
			.doesNotContain("always", "env");
		assertThat(form.getAnnotationRows()).hasSize(1 + HookForm.SPARE_ANNOTATION_ROWS);

		form.setTimeout("soon");
		assertThat(form.definitionJson(JsonMapper.builder().build())).contains("\"timeout\" : \"soon\"");
		form.setMode("raw");
		form.setRaw("{}");
		assertThat(form.definitionJson(JsonMapper.builder().build())).isEqualTo("{}");
	}

	@Test
	void pointersMapToFormFields() {
		assertThat(EditorController.field("/hook/path")).isEqualTo("path");
		assertThat(EditorController.field("/hook/args/2")).isEqualTo("args");
		assertThat(EditorController.field("/when/annotations/^a$")).isEqualTo("annotations");
		assertThat(EditorController.field("/when")).isEqualTo("conditions");
		assertThat(EditorController.field("/stages/0")).isEqualTo("stages");
		assertThat(EditorController.field("")).isEqualTo("general");
		assertThat(EditorController.field("/version")).isEqualTo("general");
	}

	@Test
	void previewAnnotationsAreKeyValueLines() throws Exception {
		assertThat(PreviewPage.annotations("  ")).isNull();
		assertThat(PreviewPage.annotations("a=1\n\n b = x=y \n")).containsExactly(java.util.Map.entry("a", "1"),
				java.util.Map.entry("b", "x=y"));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> PreviewPage.annotations("novalue"))
			.hasMessageContaining("Line 1");
	}

	@Test
	void rawLinesCarryTheirProblems() {
		var broken = HookCatalog.find(this.snapshot, 0, "broken.json").orElseThrow();
		var lines = HooksController.rawLines("{", broken.problems());
		assertThat(lines).hasSize(1);
		assertThat(HooksController.rawLines(null, List.of())).isEmpty();
	}

	@Test
	void unifiedDiffMarksLines() {
		List<TextDiff.Line> diff = TextDiff.unified("a", "x\ny\n", "b", "x\nz\n");
		assertThat(diff).extracting(TextDiff.Line::kind)
			.contains(TextDiff.Kind.HEADER, TextDiff.Kind.HUNK, TextDiff.Kind.REMOVE, TextDiff.Kind.ADD,
					TextDiff.Kind.CONTEXT);
		assertThat(TextDiff.unified("a", "same", "b", "same")).isEmpty();
	}

}
