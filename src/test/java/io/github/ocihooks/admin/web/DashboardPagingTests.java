package io.github.ocihooks.admin.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.inventory.InventoryCache;
import io.github.ocihooks.admin.preview.PreviewService;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import io.github.ocihooks.admin.config.HooksPropertiesFixture;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * {@code /hooks} and {@code /collisions} with 20,000 files render one page (issue 16,
 * item 13): the rows in the HTML are counted, the links to the next and previous page
 * keep the filter.
 */
@WebMvcTest(controllers = { HooksController.class, CollisionsController.class })
@Import({ InventoryCache.class, RuntimeViews.class, DashboardPagingTests.Profiles.class })
@WithMockUser(roles = "VIEWER")
class DashboardPagingTests {

	private static final int FILES = 20_000;

	@TempDir
	static Path dir;

	static Snapshot snapshot;

	@Autowired
	MockMvcTester mvc;

	/**
	 * One explicit profile over the test's directory, as when {@code hooks.directories}
	 * is set.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Profiles {

		@Bean
		RuntimeProfiles runtimeProfiles() {
			return RuntimeProfiles.explicit(HooksPropertiesFixture.of(null, dir));
		}

	}

	@MockitoBean
	HookStore store;

	@MockitoBean
	HookFiles files;

	@MockitoBean
	PreviewService previews;

	@MockitoBean
	PreviewPage previewPage;

	@MockitoBean
	HookDirectories directories;

	@BeforeAll
	static void twentyThousandFiles() throws Exception {
		String[] stages = { "prestart", "poststart", "poststop" };
		for (int i = 0; i < FILES; i++) {
			Files.writeString(dir.resolve(String.format("%05d-hook.json", i)),
					"{\"version\": \"1.0.0\", \"hook\": "
							+ "{\"path\": \"/bin/sh\"}, \"when\": {\"annotations\": {\"^team" + i
							+ "$\": \"^true$\"}}, " + "\"stages\": [\"" + stages[i % 3] + "\"]}");
		}
		snapshot = new Snapshot(7, Instant.now(),
				new HookLoader(ExecutableProbe.fileSystem()).scan(List.of(dir.toString())),
				List.of("precreate", "poststop"));
	}

	@BeforeEach
	void setUp() {
		given(this.store.snapshot()).willReturn(snapshot);
		given(this.directories.ids()).willReturn(List.of("etc"));
		given(this.directories.idsByDirectory()).willReturn(Map.of(dir.toString(), "etc"));
	}

	private String html(String uri) throws Exception {
		var result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static int count(String html, String regex) {
		Matcher m = Pattern.compile(regex).matcher(html);
		int n = 0;
		while (m.find()) {
			n++;
		}
		return n;
	}

	@Test
	void theHooksPageRendersOnePageOfRows() throws Exception {
		String first = html("/hooks");
		assertThat(count(first, "<tr data-status=")).isEqualTo(200);
		assertThat(first).contains("00000-hook.json")
			.doesNotContain("00200-hook.json")
			.contains("rel=\"next\"")
			.doesNotContain("rel=\"prev\"");
		String third = html("/hooks?page=3");
		assertThat(count(third, "<tr data-status=")).isEqualTo(200);
		assertThat(third).contains("00400-hook.json")
			.doesNotContain("00399-hook.json")
			.contains("page=2")
			.contains("page=4");
		// The filter stays in the links; the last page is short.
		String filtered = html("/hooks?stage=poststart&sort=name&dir=desc&page=34");
		assertThat(count(filtered, "<tr data-status=")).isEqualTo(6667 - 33 * 200);
		assertThat(filtered).contains("stage=poststart")
			.contains("sort=name")
			.contains("dir=desc")
			.contains("page=33")
			.doesNotContain("rel=\"next\"");
		// A page past the end is the last one.
		assertThat(count(html("/hooks?page=999"), "<tr data-status=")).isEqualTo(FILES - 99 * 200);
	}

	@Test
	void theCollisionsPageBoundsWhatItRenders() throws Exception {
		// 20,000 files inject /bin/sh at three stages: three groups of thousands of files
		// each.
		String html = html("/collisions");
		assertThat(count(html, "href=\"/hooks/etc/")).isLessThanOrEqualTo(3 * CollisionsController.FILES_PER_GROUP);
		assertThat(html).contains("more");
	}

}
