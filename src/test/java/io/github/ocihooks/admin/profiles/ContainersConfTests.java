package io.github.ocihooks.admin.profiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * podman's hooks_dir from containers.conf, with real files under a temporary host root.
 */
class ContainersConfTests {

	@TempDir
	Path root;

	FakeHost host;

	@BeforeEach
	void setUp() {
		this.host = new FakeHost(this.root);
	}

	private RuntimeProfile podman(String debianVersion, Map<String, String> env) {
		this.host.installed("podman", debianVersion, "/usr/bin/podman");
		return this.host.detect(env).find("podman").orElseThrow();
	}

	private RuntimeProfile podman(String debianVersion) {
		return podman(debianVersion, Map.of());
	}

	private static List<String> paths(RuntimeProfile p) {
		return p.directories().stream().map(ProfileDirectory::path).toList();
	}

	private static String hooks(String... dirs) {
		return "[engine]\nhooks_dir = ["
				+ String.join(", ", List.of(dirs).stream().map((d) -> d.startsWith("{") ? d : "\"" + d + "\"").toList())
				+ "]\n";
	}

	@Test
	void nothingSetsItTheBuiltInDefault() {
		this.host.file(ContainersConf.USR,
				"[containers]\nlog_driver = \"k8s-file\"\n[engine]\n#hooks_dir = [\"/x\"]\n");
		RuntimeProfile p = podman("4.3.1+ds1-8+deb12u1+b3");
		assertThat(p.binary()).isEqualTo("/usr/bin/podman");
		assertThat(p.version().version()).isEqualTo("4.3.1");
		assertThat(p.version().source()).isEqualTo(VersionSource.PACKAGE_DATABASE);
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d");
		assertThat(p.directories().get(0).source().kind()).isEqualTo(DirectorySource.Kind.BUILT_IN_DEFAULT);
		assertThat(p.directories().get(0).location()).isEqualTo(this.root.resolve("usr/share/containers/oci/hooks.d"));
		assertThat(p.loadMode()).isEqualTo(LoadMode.MERGED);
		assertThat(p.extensionStages()).containsExactly("precreate", "poststop");
		assertThat(p.prestartStage()).isEqualTo(PrestartStage.PRESTART);
		assertThat(p.prestartReason()).contains("4.3.1").contains("older than 5.0");
		assertThat(p.annotations()).isEqualTo(AnnotationSource.CONTAINER);
		assertThat(p.hasBindMounts()).isEqualTo(BindMountsRule.USER_VOLUMES);
		assertThat(p.takesEffect()).isEqualTo(TakesEffect.NEXT_CONTAINER_START);
		assertThat(p.configFiles()).extracting(ConfigFile::path, ConfigFile::outcome)
			.startsWith(org.assertj.core.groups.Tuple.tuple(ContainersConf.USR, ConfigFile.Outcome.NO_SETTING),
					org.assertj.core.groups.Tuple.tuple(ContainersConf.ETC, ConfigFile.Outcome.ABSENT));
		assertThat(p.unknowns()).anyMatch((u) -> u.contains("--hooks-dir"));
		assertThat(p.findings()).isEmpty();
	}

	@Test
	void laterFilesReplaceAndDropInsGoInByteOrder() {
		this.host.file(ContainersConf.USR, hooks("/usr-dir"))
			.file(ContainersConf.ETC, hooks("/etc-dir", "/etc-dir2"))
			.file(ContainersConf.ETC + ".d/20-b.conf", hooks("/b"))
			.file(ContainersConf.ETC + ".d/10-a.conf", hooks("/a"))
			.file(ContainersConf.ETC + ".d/Z-upper.conf", hooks("/upper"))
			.file(ContainersConf.ETC + ".d/99-notes.txt", hooks("/ignored"))
			.dir(ContainersConf.ETC + ".d/50-dir.conf");
		RuntimeProfile p = podman("4.3.1+ds1-8");
		// "Z" (0x5a) sorts before "1"? No: digits (0x31) < "Z": 10-a, 20-b, Z-upper.
		assertThat(paths(p)).containsExactly("/upper");
		assertThat(p.directories().get(0).source().description())
			.isEqualTo("/etc/containers/containers.conf.d/Z-upper.conf [engine] hooks_dir");
		assertThat(p.configFiles()).extracting(ConfigFile::path)
			.containsSubsequence(ContainersConf.USR, ContainersConf.ETC, "/etc/containers/containers.conf.d/10-a.conf",
					"/etc/containers/containers.conf.d/20-b.conf", "/etc/containers/containers.conf.d/Z-upper.conf")
			.doesNotContain("/etc/containers/containers.conf.d/99-notes.txt",
					"/etc/containers/containers.conf.d/50-dir.conf");
	}

	@Test
	void containersConfAloneWhenSet() {
		this.host.file(ContainersConf.USR, hooks("/usr-dir"))
			.file(ContainersConf.ETC + ".d/10-a.conf", hooks("/a"))
			.file("/opt/my.conf", "[engine]\nevents_logger = \"file\"\n");
		RuntimeProfile p = podman("4.3.1", Map.of("CONTAINERS_CONF", "/opt/my.conf"));
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d");
		assertThat(p.configFiles().get(0)).extracting(ConfigFile::path, ConfigFile::outcome)
			.containsExactly("/opt/my.conf", ConfigFile.Outcome.NO_SETTING);
		assertThat(p.configFiles()).filteredOn((f) -> f.path().startsWith("/usr") || f.path().startsWith("/etc"))
			.allMatch((f) -> f.outcome() == ConfigFile.Outcome.NOT_READ);
		assertThat(p.unknowns()).anyMatch((u) -> u.startsWith("CONTAINERS_CONF=/opt/my.conf"));
	}

	@Test
	void containersConfNamingNoFileIsFatal() {
		RuntimeProfile p = podman("5.0.1", Map.of("CONTAINERS_CONF", "/nope.conf"));
		assertThat(p.configurationError())
			.hasValueSatisfying((f) -> assertThat(f.consequence()).contains("podman fails every command"));
	}

	@Test
	void overrideComesLastFromPodman45() {
		this.host.file(ContainersConf.ETC, hooks("/etc-dir"))
			.file(ContainersConf.ETC + ".d/10-a.conf", hooks("/a"))
			.file("/run/override.conf", hooks("/override"));
		Map<String, String> env = Map.of("CONTAINERS_CONF_OVERRIDE", "/run/override.conf");
		assertThat(paths(podman("4.9.3+ds1-1", env))).containsExactly("/override");
	}

	@Test
	void overrideIgnoredBeforePodman45() {
		this.host.file(ContainersConf.ETC, hooks("/etc-dir")).file("/run/override.conf", hooks("/override"));
		RuntimeProfile p = podman("4.3.1", Map.of("CONTAINERS_CONF_OVERRIDE", "/run/override.conf"));
		assertThat(paths(p)).containsExactly("/etc-dir");
		assertThat(p.configFiles())
			.anyMatch((f) -> f.path().equals("/run/override.conf") && f.outcome() == ConfigFile.Outcome.NOT_READ);
	}

	@Test
	void appendFromPodman48IsStickyUntilFalse() {
		this.host.file(ContainersConf.USR, hooks("/usr-dir"))
			.file(ContainersConf.ETC, hooks("/etc-dir", "{append=true}"))
			.file(ContainersConf.ETC + ".d/10-a.conf", hooks("/a"));
		RuntimeProfile p = podman("5.0.3");
		assertThat(paths(p)).containsExactly("/usr-dir", "/etc-dir", "/a");
		assertThat(p.directories().get(2).source().description()).contains("appended");
		assertThat(p.configFiles()).extracting(ConfigFile::outcome)
			.containsSubsequence(ConfigFile.Outcome.SETS, ConfigFile.Outcome.APPENDS, ConfigFile.Outcome.APPENDS);

		this.host.file(ContainersConf.ETC + ".d/20-b.conf", hooks("/b", "{append=false}"));
		assertThat(paths(this.host.detect().find("podman").orElseThrow())).containsExactly("/b");
	}

	@Test
	void appendBeforePodman48IsADecodeError() {
		this.host.file(ContainersConf.ETC, hooks("/etc-dir", "{append=true}"))
			.file(ContainersConf.ETC + ".d/10-a.conf", hooks("/a"));
		RuntimeProfile p = podman("4.3.1");
		assertThat(p.configurationError()).hasValueSatisfying((f) -> {
			assertThat(f.source()).isEqualTo(ContainersConf.ETC);
			assertThat(f.message()).contains("podman 4.8");
		});
		assertThat(p.configFiles())
			.anyMatch((f) -> f.path().endsWith("10-a.conf") && f.outcome() == ConfigFile.Outcome.NOT_READ);
	}

	@Test
	void unsupportedAttributeIsADecodeError() {
		this.host.file(ContainersConf.ETC, hooks("/etc-dir", "{prepend=true}"));
		assertThat(podman("5.2.0").configurationError().orElseThrow().message()).contains("unsupported key");
	}

	@Test
	void emptyListFromPodman48LoadsEachDirectoryOnItsOwn() {
		this.host.file(ContainersConf.ETC, "[engine]\nhooks_dir = []\n");
		RuntimeProfile p = podman("4.9.4");
		assertThat(p.loadMode()).isEqualTo(LoadMode.PER_DIRECTORY);
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d", "/etc/containers/oci/hooks.d");
		assertThat(p.loadModeReason()).contains("once per directory").contains("rootless");
	}

	@Test
	void emptyListBeforePodman48ReadsNoHooks() {
		this.host.file(ContainersConf.ETC, "engine.hooks_dir = []\n");
		RuntimeProfile p = podman("4.3.1+ds1-8+deb12u1+b3");
		assertThat(p.loadMode()).isEqualTo(LoadMode.NONE);
		assertThat(p.directories()).isEmpty();
		assertThat(p.loadModeReason()).contains("HooksDir == nil");
	}

	@Test
	void brokenTomlStopsPodman() {
		this.host.file(ContainersConf.USR, hooks("/usr-dir"))
			.file(ContainersConf.ETC, "[engine\nhooks_dir = [\"/x\"]\n")
			.file(ContainersConf.ETC + ".d/10-a.conf", hooks("/a"));
		RuntimeProfile p = podman("4.3.1");
		Finding error = p.configurationError().orElseThrow();
		assertThat(error.severity()).isEqualTo(Severity.ERROR);
		assertThat(error.source()).isEqualTo(ContainersConf.ETC);
		assertThat(error.message()).contains("not valid TOML").contains("line 1");
		assertThat(error.consequence()).contains("podman fails every command");
		assertThat(p.configFiles()).extracting(ConfigFile::path, ConfigFile::outcome)
			.contains(org.assertj.core.groups.Tuple.tuple(ContainersConf.ETC, ConfigFile.Outcome.BROKEN),
					org.assertj.core.groups.Tuple.tuple("/etc/containers/containers.conf.d/10-a.conf",
							ConfigFile.Outcome.NOT_READ));
		assertThat(paths(p)).containsExactly("/usr-dir");
	}

	@Test
	void wrongTypeIsFatalAndMisplacedKeyIgnored() {
		this.host.file(ContainersConf.USR, "hooks_dir = [\"/top\"]\n[containers]\nhooks_dir = [\"/c\"]\n");
		RuntimeProfile p = podman("5.0.0");
		assertThat(p.findings()).filteredOn((f) -> f.severity() == Severity.WARNING)
			.extracting(Finding::message)
			.containsExactly("hooks_dir is not engine.hooks_dir", "containers.hooks_dir is not engine.hooks_dir");
		assertThat(p.configurationError()).isEmpty();

		this.host.file(ContainersConf.ETC, "[engine]\nhooks_dir = \"/one\"\n");
		assertThat(this.host.detect().find("podman").orElseThrow().configurationError()).isPresent();
	}

	@Test
	void rootsOwnConfigFromPodman5() {
		this.host.file("/etc/passwd", "root:x:0:0:root:/var/roothome:/bin/bash\n")
			.file(ContainersConf.ETC, hooks("/etc-dir"))
			.file("/var/roothome/.config/containers/containers.conf", hooks("/home-dir"))
			.file("/var/roothome/.config/containers/containers.conf.d/1.conf", hooks("/home-d", "{append=true}"));
		assertThat(paths(podman("5.0.0"))).containsExactly("/home-dir", "/home-d");
	}

	@Test
	void rootsOwnConfigNotReadBeforePodman5() {
		this.host.file(ContainersConf.ETC, hooks("/etc-dir"))
			.file("/root/.config/containers/containers.conf", hooks("/home-dir"));
		RuntimeProfile p = podman("4.9.4");
		assertThat(paths(p)).containsExactly("/etc-dir");
		assertThat(p.configFiles()).anyMatch((f) -> f.path().equals("/root/.config/containers/containers.conf")
				&& f.outcome() == ConfigFile.Outcome.NOT_READ);
	}

	@Test
	void aDirectoryListedTwiceCountsAtItsLastPlace() {
		this.host.file(ContainersConf.ETC, hooks("/a", "/b", "/a"));
		RuntimeProfile p = podman("5.0.0");
		assertThat(paths(p)).containsExactly("/b", "/a");
		assertThat(p.findings())
			.anyMatch((f) -> f.severity() == Severity.INFO && f.message().contains("more than once"));
	}

	@Test
	void unknownVersionAssumesCurrentBehaviourAndSaysSo() {
		this.host.executable("/usr/bin/podman").file(ContainersConf.ETC, hooks("/etc-dir", "{append=true}"));
		RuntimeProfile p = this.host.detect().find("podman").orElseThrow();
		assertThat(p.version().known()).isFalse();
		assertThat(p.version().detail()).contains("not run: the host root is").contains("no installed package podman");
		assertThat(p.prestartStage()).isEqualTo(PrestartStage.CREATE_RUNTIME);
		assertThat(p.prestartReason()).contains("version unknown: assumed 5.0 or later");
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d", "/etc-dir");
		assertThat(p.unknowns()).anyMatch((u) -> u.startsWith("podman's version"));
	}

}
