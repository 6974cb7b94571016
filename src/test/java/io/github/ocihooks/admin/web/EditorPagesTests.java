package io.github.ocihooks.admin.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.ocihooks.admin.definitions.DefinitionCheck;
import io.github.ocihooks.admin.definitions.DefinitionValidator;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.history.AuditSearch;
import io.github.ocihooks.admin.history.History;
import io.github.ocihooks.admin.history.Restorer;
import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.TakesEffect;
import io.github.ocihooks.admin.runtimes.RuntimeNotice;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.github.ocihooks.admin.runtimes.Verdict;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * The editor's save (and its conflict when the file changed on disk), the delete
 * confirmation, and restoring from the history, as a web slice: the real controllers,
 * templates and exception advice, the features mocked.
 */
@WebMvcTest(controllers = { EditorController.class, HistoryPageController.class })
@WithMockUser(roles = "ADMIN")
class EditorPagesTests {

	private static final byte[] CANONICAL = "{\"version\": \"1.0.0\"}\n".getBytes(StandardCharsets.UTF_8);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	HookStore store;

	@MockitoBean
	HookFiles files;

	@MockitoBean
	HookDirectories directories;

	@MockitoBean
	DefinitionValidator validator;

	@MockitoBean
	History history;

	@MockitoBean
	AuditSearch audits;

	@MockitoBean
	Restorer restorer;

	@MockitoBean
	RuntimeViews runtimes;

	private final Snapshot snapshot = new Snapshot(7, Instant.now(), List.of(), List.of());

	@BeforeEach
	void directory() {
		given(this.store.snapshot()).willReturn(this.snapshot);
		given(this.store.extensionStages()).willReturn(List.of("precreate", "poststop"));
		given(this.directories.index("etc")).willReturn(1);
		given(this.directories.id(1)).willReturn("etc");
		given(this.directories.ids()).willReturn(List.of("usr", "etc"));
		given(this.directories.idsByDirectory()).willReturn(Map.of("/usr/hooks", "usr", "/etc/hooks", "etc"));
		given(this.directories.location(1)).willReturn("/etc/hooks");
		given(this.directories.location(1, "50-a.json")).willReturn("/etc/hooks/50-a.json");
		given(this.directories.accepts(1)).willReturn(true);
		given(this.directories.accepting()).willReturn(List.of(Map.entry("/etc/hooks", "etc")));
		given(this.validator.check(eq(1), eq("50-a.json"), any()))
			.willReturn(new DefinitionCheck(null, CANONICAL, List.of(), List.of(), null));
	}

	private static HookFiles.StoredFile stored(String content, String etag) {
		return new HookFiles.StoredFile(1, "etc", "/etc/hooks", "50-a.json", content.getBytes(StandardCharsets.UTF_8),
				etag);
	}

	@Test
	void saveWritesTheCanonicalTextConditionedOnTheEtagTheEditorWasOpenedWith() {
		given(this.files.write(anyString(), anyString(), any(), any()))
			.willReturn(new HookFiles.WriteResult(false, "\"new\"", this.snapshot));
		given(this.runtimes.audience("/etc/hooks"))
			.willReturn(List.of(new RuntimeNotice("podman", RuntimeKind.PODMAN, TakesEffect.NEXT_CONTAINER_START,
					"At the next container start.", Verdict.WORKS, "works", true, null, null)));
		assertThat(this.mvc.post()
			.uri("/hooks/save")
			.with(csrf())
			.param("directoryId", "etc")
			.param("name", "50-a.json")
			.param("etag", "\"old\"")
			.param("creating", "false")
			.param("mode", "raw")
			.param("raw", "{\"version\": \"1.0.0\"}")).hasStatus(HttpStatus.FOUND)
			.hasRedirectedUrl("/hooks/etc/50-a.json")
			.flash()
			.containsEntry("flashKind", "success")
			.containsEntry("flashMessage", "Saved 50-a.json in /etc/hooks. podman: At the next container start.");
		verify(this.files).write("etc", "50-a.json", CANONICAL, new HookFiles.Precondition("\"old\"", false));
		verify(this.directories).requireRead(1, false);
	}

	@Test
	void saveToADirectoryNoRuntimeReadsNeedsTheForceCheckbox() {
		willThrow(new StoreException(StoreException.Kind.UNREAD_DIRECTORY, "No runtime reads directory /etc/hooks"))
			.given(this.directories)
			.requireRead(1, false);
		given(this.directories.readers(1)).willReturn(List.of());
		given(this.directories.readers(0)).willReturn(List.of("podman"));
		var refused = this.mvc.post()
			.uri("/hooks/save")
			.with(csrf())
			.param("directoryId", "etc")
			.param("name", "50-a.json")
			.param("creating", "true")
			.param("mode", "raw")
			.param("raw", "{\"version\": \"1.0.0\"}")
			.exchange();
		assertThat(refused).hasStatusOk().hasViewName("editor");
		assertThat(refused).bodyText().contains("No runtime reads directory /etc/hooks").contains("name=\"force\"");
		assertThat(refused).model().containsEntry("unreadDirectoryIds", List.of("etc"));
		verify(this.files, never()).write(anyString(), anyString(), any(), any());

		given(this.files.write(anyString(), anyString(), any(), any()))
			.willReturn(new HookFiles.WriteResult(true, "\"new\"", this.snapshot));
		assertThat(this.mvc.post()
			.uri("/hooks/save")
			.with(csrf())
			.param("directoryId", "etc")
			.param("name", "50-a.json")
			.param("creating", "true")
			.param("force", "true")
			.param("mode", "raw")
			.param("raw", "{\"version\": \"1.0.0\"}")).hasStatus(HttpStatus.FOUND)
			.flash()
			.containsEntry("flashMessage",
					"Created 50-a.json in /etc/hooks. No runtime reads this directory: the file never runs.");
		verify(this.directories).requireRead(1, true);
	}

	@Test
	void saveOverAFileChangedOnDiskShowsItsContentAndKeepsTheEdits() {
		given(this.files.write(anyString(), anyString(), any(), any()))
			.willThrow(new StoreException(StoreException.Kind.PRECONDITION_FAILED, "changed"));
		given(this.files.read("etc", "50-a.json")).willReturn(Optional.of(stored("on disk now", "\"disk\"")));
		var result = this.mvc.post()
			.uri("/hooks/save")
			.with(csrf())
			.param("directoryId", "etc")
			.param("name", "50-a.json")
			.param("etag", "\"old\"")
			.param("creating", "false")
			.param("mode", "raw")
			.param("raw", "{\"version\": \"1.0.0\"}")
			.exchange();
		assertThat(result).hasStatusOk().hasViewName("editor");
		assertThat(result).model()
			.containsEntry("currentContent", "on disk now")
			.hasEntrySatisfying("conflict", (c) -> assertThat((String) c).contains("changed on disk"));
		assertThat(result).model()
			.hasEntrySatisfying("form", (f) -> assertThat(((HookForm) f).getEtag()).isEqualTo("\"disk\""));
		assertThat(result).bodyText().contains("on disk now");
	}

	@Test
	void deleteConfirmationShowsTheFileAndItsEtag() {
		given(this.files.require("etc", "50-a.json")).willReturn(stored("{\"doomed\": true}", "\"e1\""));
		var result = this.mvc.get().uri("/hooks/etc/50-a.json/delete").exchange();
		assertThat(result).hasStatusOk().hasViewName("delete");
		assertThat(result).model().containsEntry("path", "/etc/hooks/50-a.json");
		assertThat(result).bodyText().contains("/etc/hooks/50-a.json").contains("&quot;e1&quot;");
	}

	@Test
	void deleteOfAFileChangedSinceTheConfirmationGoesBackToIt() {
		given(this.files.delete("etc", "50-a.json", "\"stale\""))
			.willThrow(new StoreException(StoreException.Kind.PRECONDITION_FAILED, "changed"));
		assertThat(this.mvc.post().uri("/hooks/etc/50-a.json/delete").with(csrf()).param("etag", "\"stale\""))
			.hasStatus(HttpStatus.FOUND)
			.hasRedirectedUrl("/hooks/etc/50-a.json/delete")
			.flash()
			.containsEntry("flashKind", "error")
			.hasEntrySatisfying("flashMessage", (m) -> assertThat((String) m).contains("was not deleted"));
	}

	@Test
	void deleteFromADirectoryNoRuntimeReadsOffersForceAndNeedsIt() throws Exception {
		given(this.files.require("etc", "50-a.json")).willReturn(stored("{\"doomed\": true}", "\"e1\""));
		given(this.directories.readers(1)).willReturn(List.of());
		assertThat(this.mvc.get().uri("/hooks/etc/50-a.json/delete")).bodyText()
			.contains("No runtime on this host reads this directory", "Delete it anyway (force)");
		assertThat(this.mvc.get().uri("/hooks/etc/50-a.json/delete").exchange().getResponse().getContentAsString())
			.contains("name=\"force\"");

		willThrow(new StoreException(StoreException.Kind.UNREAD_DIRECTORY, "No runtime reads directory /etc/hooks"))
			.given(this.directories)
			.requireRead(1, false);
		assertThat(this.mvc.post().uri("/hooks/etc/50-a.json/delete").with(csrf()).param("etag", "\"e1\""))
			.hasStatus(HttpStatus.FOUND)
			.hasRedirectedUrl("/hooks/etc/50-a.json/delete")
			.flash()
			.containsEntry("flashKind", "error")
			.hasEntrySatisfying("flashMessage",
					(m) -> assertThat((String) m).contains("was not deleted", "Delete it anyway (force)"));
		verify(this.files, never()).delete(anyString(), anyString(), any());

		assertThat(this.mvc.post()
			.uri("/hooks/etc/50-a.json/delete")
			.with(csrf())
			.param("etag", "\"e1\"")
			.param("force", "true")).hasStatus(HttpStatus.FOUND)
			.hasRedirectedUrl("/hooks")
			.flash()
			.containsEntry("flashKind", "success")
			.containsEntry("flashMessage", "Deleted 50-a.json from /etc/hooks. No runtime reads this directory: "
					+ "the file never ran. Its content stays in the history, from where it can be restored.");
		verify(this.directories).requireRead(1, true);
		verify(this.files).delete("etc", "50-a.json", "\"e1\"");
	}

	@Test
	void deleteSaysWhichRuntimesSeeItAndWhenAsTheSaveDoes() throws Exception {
		given(this.directories.readers(1)).willReturn(List.of("crio"));
		given(this.files.require("etc", "50-a.json")).willReturn(stored("{\"doomed\": true}", "\"e1\""));
		assertThat(this.mvc.get().uri("/hooks/etc/50-a.json/delete").exchange().getResponse().getContentAsString())
			.doesNotContain("name=\"force\"");
		given(this.runtimes.audience("/etc/hooks")).willReturn(List.of(new RuntimeNotice("crio", RuntimeKind.CRIO,
				TakesEffect.WATCHED, "Now. At its next restart: it does not start.", Verdict.FAILS_TO_START,
				"CRI-O fails to start: /etc/hooks/b.json: unknown stage", true, null, null)));
		assertThat(this.mvc.post().uri("/hooks/etc/50-a.json/delete").with(csrf()).param("etag", "\"e1\""))
			.hasStatus(HttpStatus.FOUND)
			.flash()
			.containsEntry("flashMessage",
					"Deleted 50-a.json from /etc/hooks. crio: Now. At its next restart: it does not start. Verdict: "
							+ "CRI-O fails to start: /etc/hooks/b.json: unknown stage. Its content stays in the "
							+ "history, from where it can be restored.");
		verify(this.directories).requireRead(1, false);
	}

	@Test
	void restoreWritesTheVersionBackConditionedOnTheCurrentEtag() {
		given(this.restorer.restore("etc", "50-a.json", "1700000000000-abc", "\"cur\""))
			.willReturn(new HookFiles.WriteResult(false, "\"restored\"", this.snapshot));
		assertThat(this.mvc.post()
			.uri("/history/restore")
			.with(csrf())
			.param("directory", "etc")
			.param("name", "50-a.json")
			.param("version", "1700000000000-abc")
			.param("etag", "\"cur\"")).hasStatus(HttpStatus.FOUND)
			.hasRedirectedUrl("/history?directory=etc&name=50-a.json")
			.flash()
			.containsEntry("flashKind", "success")
			.hasEntrySatisfying("flashMessage",
					(m) -> assertThat((String) m).startsWith("Restored 50-a.json")
						.contains("2023-11-14 22:13:20 UTC")
						.doesNotContain("ms since 1970"));
		verify(this.restorer).restore("etc", "50-a.json", "1700000000000-abc", "\"cur\"");
	}

	@Test
	void restoreLeadsBackToTheHistoryOfTheSameNameWhateverItsCharacters() {
		given(this.restorer.restore("etc", "a+b c&d.json", "1700000000000-abc", null))
			.willReturn(new HookFiles.WriteResult(true, "\"restored\"", this.snapshot));
		assertThat(this.mvc.post()
			.uri("/history/restore")
			.with(csrf())
			.param("directory", "etc")
			.param("name", "a+b c&d.json")
			.param("version", "1700000000000-abc")).hasStatus(HttpStatus.FOUND)
			.hasRedirectedUrl("/history?directory=etc&name=a%2Bb%20c%26d.json");
	}

	@Test
	void restoreIntoADirectoryNoRuntimeReadsNeedsForceAndSaysSo() {
		willThrow(new StoreException(StoreException.Kind.UNREAD_DIRECTORY, "No runtime reads directory /etc/hooks"))
			.given(this.directories)
			.requireRead(1, false);
		assertThat(this.mvc.post()
			.uri("/history/restore")
			.with(csrf())
			.param("directory", "etc")
			.param("name", "50-a.json")
			.param("version", "1700000000000-abc")).hasStatus(HttpStatus.FOUND)
			.hasRedirectedUrl("/history?directory=etc&name=50-a.json")
			.flash()
			.containsEntry("flashKind", "error")
			.hasEntrySatisfying("flashMessage",
					(m) -> assertThat((String) m).contains("50-a.json was not restored", "Restore it anyway (force)"));
		verify(this.restorer, never()).restore(anyString(), anyString(), anyString(), any());

		given(this.restorer.restore("etc", "50-a.json", "1700000000000-abc", null))
			.willReturn(new HookFiles.WriteResult(true, "\"restored\"", this.snapshot));
		assertThat(this.mvc.post()
			.uri("/history/restore")
			.with(csrf())
			.param("directory", "etc")
			.param("name", "50-a.json")
			.param("version", "1700000000000-abc")
			.param("force", "true")).hasStatus(HttpStatus.FOUND)
			.flash()
			.containsEntry("flashKind", "success")
			.containsEntry("flashMessage", "Restored 50-a.json to the version saved 2023-11-14 22:13:20 UTC; the "
					+ "replaced content is kept in the history too. No runtime reads this directory: the file never runs.");
		verify(this.directories).requireRead(1, true);
	}

	@Test
	void restoreOverAChangedFileRestoresNothingAndSaysSo() {
		given(this.restorer.restore(anyString(), anyString(), anyString(), any()))
			.willThrow(new StoreException(StoreException.Kind.PRECONDITION_FAILED, "changed"));
		assertThat(this.mvc.post()
			.uri("/history/restore")
			.with(csrf())
			.param("directory", "etc")
			.param("name", "50-a.json")
			.param("version", "1700000000000-abc")
			.param("etag", "\"old\"")).hasStatus(HttpStatus.FOUND)
			.flash()
			.containsEntry("flashKind", "error")
			.hasEntrySatisfying("flashMessage", (m) -> assertThat((String) m).contains("nothing was restored"));
	}

	@Test
	void aMissingFileIsTheErrorPageWithTheApisStatus() throws Exception {
		given(this.files.require("etc", "gone.json"))
			.willThrow(new StoreException(StoreException.Kind.NOT_FOUND, "No file gone.json in /etc/hooks"));
		var result = this.mvc.get().uri("/hooks/etc/gone.json/delete").exchange();
		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasViewName("problem");
		assertThat(result).bodyText().contains("No file gone.json in /etc/hooks");
		// A deleted file's page links to its history, and the page has the full header.
		assertThat(result).bodyText().contains("history of", "gone.json").contains("Overview", "Hooks", "Preview");
		assertThat(result.getResponse().getContentAsString()).contains("/history?directory=etc&amp;name=gone.json");
	}

	@Test
	void aNewHooksFormHasNoConditionUntilTheAdminPicksOne() throws Exception {
		given(this.directories.defaultTarget()).willReturn(1);
		var result = this.mvc.get().uri("/hooks/new").exchange();
		assertThat(result).hasStatusOk().hasViewName("editor");
		assertThat(result).model()
			.hasEntrySatisfying("form", (f) -> assertThat(((HookForm) f).getAlways()).isEmpty())
			.hasEntrySatisfying("form", (f) -> assertThat(((HookForm) f).getRaw()).doesNotContain("always"));
		assertThat(result.getResponse().getContentAsString())
			.contains("<option value=\"\" selected=\"selected\">unset");
	}

	@Test
	void deleteSaysTheFileStaysInHistory() throws Exception {
		given(this.files.require("etc", "50-a.json")).willReturn(stored("{\"doomed\": true}", "\"e1\""));
		var delete = this.mvc.get().uri("/hooks/etc/50-a.json/delete").exchange();
		assertThat(delete).bodyText()
			.contains("Its content stays in the", "history", "from where an admin can restore it");
	}

}
