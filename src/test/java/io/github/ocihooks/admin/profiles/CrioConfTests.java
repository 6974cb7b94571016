package io.github.ocihooks.admin.profiles;

import java.nio.file.Path;
import java.util.List;

import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRI-O's hooks_dir from crio.conf and crio.conf.d, with real files under a temporary
 * host root.
 */
class CrioConfTests {

	@TempDir
	Path root;

	FakeHost host;

	@BeforeEach
	void setUp() {
		this.host = new FakeHost(this.root).executable("/usr/bin/crio");
	}

	private RuntimeProfile crio() {
		return this.host.detect().find("crio").orElseThrow();
	}

	private static List<String> paths(RuntimeProfile p) {
		return p.directories().stream().map(ProfileDirectory::path).toList();
	}

	@Test
	void defaultsAndVersionFile() {
		this.host.file("/var/run/crio/version", "\"1.30.4+4e5d4dc1b3fbd1a1e8bb5e5e5a0f1d2a4a5b6c7d\"");
		RuntimeProfile p = crio();
		assertThat(p.kind()).isEqualTo(RuntimeKind.CRIO);
		assertThat(p.version().version()).isEqualTo("1.30.4");
		assertThat(p.version().source()).isEqualTo(VersionSource.VERSION_FILE);
		assertThat(p.prestartStage()).isEqualTo(PrestartStage.PRESTART);
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d");
		assertThat(p.loadMode()).isEqualTo(LoadMode.MERGED);
		assertThat(p.extensionStages()).isEmpty();
		assertThat(p.annotations()).isEqualTo(AnnotationSource.CONTAINER_WITH_POD);
		assertThat(p.hasBindMounts()).isEqualTo(BindMountsRule.CRI_MOUNTS);
		assertThat(p.takesEffect()).isEqualTo(TakesEffect.WATCHED);
		assertThat(p.findings()).anyMatch((f) -> f.consequence().contains("creates it"));
	}

	@Test
	void dropInsRecursivelyInLexicalOrderAnyNameLaterWins() {
		this.host.installed("cri-o", "1.31.1-1", null)
			.file(CrioConf.CONF, "[crio.runtime]\nhooks_dir = [\"/main\"]\n")
			.file(CrioConf.DROP_INS + "/01-a.conf", "[crio.runtime]\nhooks_dir = [\"/a\"]\n")
			.file(CrioConf.DROP_INS + "/02-sub/x", "[crio.runtime]\nhooks_dir = [\"/nested\", \"/nested2\"]\n")
			.file(CrioConf.DROP_INS + "/03-other.conf", "[crio.runtime]\nconmon = \"/usr/bin/conmon\"\n")
			.dir("/nested");
		RuntimeProfile p = crio();
		assertThat(paths(p)).containsExactly("/nested", "/nested2");
		assertThat(p.directories().get(0).source().description())
			.isEqualTo("/etc/crio/crio.conf.d/02-sub/x [crio.runtime] hooks_dir");
		assertThat(p.configFiles()).extracting(ConfigFile::path, ConfigFile::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(CrioConf.CONF, ConfigFile.Outcome.SETS),
					org.assertj.core.groups.Tuple.tuple("/etc/crio/crio.conf.d/01-a.conf", ConfigFile.Outcome.SETS),
					org.assertj.core.groups.Tuple.tuple("/etc/crio/crio.conf.d/02-sub/x", ConfigFile.Outcome.SETS),
					org.assertj.core.groups.Tuple.tuple("/etc/crio/crio.conf.d/03-other.conf",
							ConfigFile.Outcome.NO_SETTING));
		assertThat(p.version().version()).isEqualTo("1.31.1");
		assertThat(p.prestartStage()).isEqualTo(PrestartStage.CREATE_RUNTIME);
	}

	@Test
	void aBrokenDropInMakesCrioFailAtItsNextStart() {
		this.host.file(CrioConf.DROP_INS + "/10-broken.conf", "[crio.runtime\n")
			.file(CrioConf.DROP_INS + "/20-later.conf", "[crio.runtime]\nhooks_dir = [\"/later\"]\n");
		RuntimeProfile p = crio();
		Finding error = p.configurationError().orElseThrow();
		assertThat(error.source()).isEqualTo("/etc/crio/crio.conf.d/10-broken.conf");
		assertThat(error.consequence()).contains("CRI-O fails at its next start");
		assertThat(p.configFiles())
			.anyMatch((f) -> f.path().endsWith("20-later.conf") && f.outcome() == ConfigFile.Outcome.NOT_READ);
	}

	@Test
	void emptyListReadsNoHooksAndAFileIsSkipped() {
		this.host.file(CrioConf.CONF, "[crio.runtime]\nhooks_dir = []\n");
		RuntimeProfile p = crio();
		assertThat(p.loadMode()).isEqualTo(LoadMode.NONE);
		assertThat(p.directories()).isEmpty();

		this.host.file(CrioConf.CONF, "[crio.runtime]\nhooks_dir = [\"/a-file\", \"/dir\"]\n")
			.file("/a-file", "x")
			.dir("/dir");
		p = crio();
		assertThat(paths(p)).containsExactly("/dir");
		assertThat(p.findings()).anyMatch((f) -> f.severity() == Severity.WARNING && f.consequence().contains("skips"));
	}

	@Test
	void wrongTypeIsFatalAndEnvironmentFileIsReported() {
		this.host.file(CrioConf.CONF, "[crio.runtime]\nhooks_dir = \"/x\"\n")
			.file("/etc/sysconfig/crio", "CRIO_STORAGE_OPTIONS=\nCONTAINER_HOOKS_DIR=/opt/hooks\n");
		RuntimeProfile p = crio();
		assertThat(p.configurationError().orElseThrow().message()).contains("not an array of strings");
		assertThat(p.findings()).anyMatch((f) -> f.source().equals("/etc/sysconfig/crio"));
		assertThat(p.unknowns()).anyMatch((u) -> u.contains("CONTAINER_HOOKS_DIR"));
	}

}
