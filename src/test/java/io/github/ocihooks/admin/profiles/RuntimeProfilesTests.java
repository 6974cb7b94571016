package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The profile set: Buildah, configured profiles, the explicit-directories contract, the
 * union of directories.
 */
class RuntimeProfilesTests {

	@TempDir
	Path root;

	FakeHost host;

	@BeforeEach
	void setUp() {
		this.host = new FakeHost(this.root);
	}

	private static List<String> paths(RuntimeProfile p) {
		return p.directories().stream().map(ProfileDirectory::path).toList();
	}

	@Test
	void buildahLoadsEachDirectoryOnItsOwn() {
		this.host.installed("buildah", "1.28.2+ds1-3+b2", "/usr/bin/buildah");
		RuntimeProfile p = this.host.detect().find("buildah").orElseThrow();
		assertThat(p.loadMode()).isEqualTo(LoadMode.PER_DIRECTORY);
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d", "/etc/containers/oci/hooks.d");
		assertThat(p.extensionStages()).isEmpty();
		assertThat(p.annotations()).isEqualTo(AnnotationSource.IMAGE);
		assertThat(p.hasBindMounts()).isEqualTo(BindMountsRule.RUN_MOUNTS_OR_IMAGE_VOLUMES);
		assertThat(p.takesEffect()).isEqualTo(TakesEffect.NEXT_BUILD);
		assertThat(p.prestartStage()).isEqualTo(PrestartStage.PRESTART);
		assertThat(p.unknowns()).anyMatch((u) -> u.contains("--hooks-dir"));
	}

	@Test
	void threeRuntimesInStableOrderAndTheirUnion() {
		this.host.installed("podman", "5.0.1", "/usr/local/bin/podman")
			.installed("buildah", "1.35.0", "/usr/bin/buildah")
			.executable("/usr/bin/crio")
			.file(CrioConf.CONF, "[crio.runtime]\nhooks_dir = [\"/usr/share/containers/oci/hooks.d\", \"/opt/k8s\"]\n");
		ProfileSet set = this.host.detect();
		assertThat(set.profiles()).extracting(RuntimeProfile::id).containsExactly("podman", "crio", "buildah");
		assertThat(set.find("podman").orElseThrow().binary()).isEqualTo("/usr/local/bin/podman");
		Path usr = this.root.resolve("usr/share/containers/oci/hooks.d");
		Path opt = this.root.resolve("opt/k8s");
		Path etc = this.root.resolve("etc/containers/oci/hooks.d");
		// Each directory once, right after the one it follows in the profile that adds
		// it.
		assertThat(set.directories()).containsExactly(usr, etc, opt);
		assertThat(set.readers(usr)).extracting(RuntimeProfile::id).containsExactly("podman", "crio", "buildah");
		assertThat(set.readers(etc)).extracting(RuntimeProfile::id).containsExactly("buildah");
		assertThat(set.readers(this.root.resolve("nowhere"))).isEmpty();
		assertThat(set.explicitDirectories()).isFalse();
	}

	@Test
	void aManagedDirectoryIsNamedAsTheHostNamesItWhereverThisServiceReadsIt() {
		this.host.installed("podman", "5.0.1", "/usr/bin/podman")
			.file(ContainersConf.ETC,
					"[engine]\nhooks_dir = [\"/usr/share/containers/oci/hooks.d\", \"/opt/hooks\"]\n");
		ProfileSet set = this.host.detect();
		Path usr = this.root.resolve("usr/share/containers/oci/hooks.d");
		Path opt = this.root.resolve("opt/hooks");
		Path etc = this.root.resolve("etc/containers/oci/hooks.d");
		assertThat(set.managedDirectories()).containsExactly(usr, opt, etc);
		assertThat(set.managedDirectories()).extracting(set::hostPath)
			.containsExactly("/usr/share/containers/oci/hooks.d", "/opt/hooks", "/etc/containers/oci/hooks.d");
		// Outside the host root: nothing to translate.
		assertThat(set.hostPath(Path.of("/elsewhere/hooks"))).isEqualTo("/elsewhere/hooks");

		ProfileSet root = this.host.detect("hooks.host-root", "/");
		assertThat(root.hostPath(Path.of("/etc/containers/oci/hooks.d"))).isEqualTo("/etc/containers/oci/hooks.d");

		// hooks.directories: exactly as configured, even under the host root.
		Path under = this.root.resolve("srv/hooks");
		ProfileSet explicit = RuntimeProfiles.forExplicitDirectories(List.of(under, Path.of("relative")), List.of());
		assertThat(explicit.hostPath(under)).isEqualTo(under.toString());
		assertThat(explicit.hostPath(Path.of("relative"))).isEqualTo("relative");
	}

	@Test
	void unionKeepsEachProfilesPrecedence() {
		ProfileSet set = new ProfileSet(List.of(profile("a", "/x", "/z"), profile("b", "/w", "/x", "/y", "/z")),
				List.of(), Path.of("/"), false, java.time.Instant.now());
		assertThat(set.directories()).extracting(Path::toString).containsExactly("/w", "/x", "/y", "/z");
	}

	private static RuntimeProfile profile(String id, String... dirs) {
		return ConfiguredProfiles.custom(id, ProfileOrigin.CONFIGURED, RuntimeVersion.unknown("x"),
				Arrays.stream(dirs)
					.map((d) -> new ProfileDirectory(d, Path.of(d), DirectorySource.property("test")))
					.toList(),
				List.of(), "r", "r");
	}

	@Test
	void theGoVersionComesFromBuiltUsingUnderAHostRootAndDecidesTheGoRelease() throws Exception {
		this.host.installed("podman", "4.3.1+ds1-8+deb12u1+b3", "/usr/bin/podman");
		this.host.file(DpkgStatus.PATH, java.nio.file.Files.readString(this.host.path(DpkgStatus.PATH)).strip()
				+ "\nBuilt-Using: containerd (= 1.6.20~ds1-1+deb12u3), golang-1.19 (= 1.19.8-2)\n\n");
		RuntimeProfile p = this.host.detect().find("podman").orElseThrow();
		assertThat(p.goVersion().version()).isEqualTo("1.19.8");
		assertThat(p.goVersion().source()).isEqualTo(VersionSource.PACKAGE_DATABASE);
		assertThat(p.goRelease()).isEqualTo(io.github.ocihooks.admin.engine.GoRelease.of(1, 19));
		assertThat(p.goVersion().inferred()).singleElement().asString().contains("older than 1.22");
		// A configured version keeps the detected Go version; a custom consumer's is
		// unknown (newest assumed).
		p = this.host.detect("hooks.profiles[0].id", "podman", "hooks.profiles[0].version", "4.3.1")
			.find("podman")
			.orElseThrow();
		assertThat(p.goVersion().version()).isEqualTo("1.19.8");
		assertThat(p.goVersion().inferred()).hasSize(1);
		p = this.host.detect("hooks.profiles[0].id", "mine", "hooks.profiles[0].directories[0]", "/x")
			.find("mine")
			.orElseThrow();
		assertThat(p.goVersion().known()).isFalse();
		assertThat(p.goRelease()).isEqualTo(io.github.ocihooks.admin.engine.GoRelease.LATEST);
	}

	@Test
	void configuredVersionOverridesAndChangesTheRules() {
		this.host.executable("/usr/bin/podman")
			.file(ContainersConf.ETC, "[engine]\nhooks_dir = [\"/etc/containers/oci/hooks.d\", {append=true}]\n");
		ProfileSet set = this.host.detect("hooks.profiles[0].id", "podman", "hooks.profiles[0].version", "4.9.4");
		RuntimeProfile p = set.find("podman").orElseThrow();
		assertThat(p.origin()).isEqualTo(ProfileOrigin.DETECTED_AND_CONFIGURED);
		assertThat(p.binary()).isEqualTo("/usr/bin/podman");
		assertThat(p.version().source()).isEqualTo(VersionSource.CONFIGURED);
		assertThat(p.prestartStage()).isEqualTo(PrestartStage.PRESTART);
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d", "/etc/containers/oci/hooks.d");

		p = this.host.detect("hooks.profiles[0].id", "podman", "hooks.profiles[0].version", "4.3.1")
			.find("podman")
			.orElseThrow();
		assertThat(p.configurationError()).isPresent();
	}

	@Test
	void configuredProfilesAddAndOverrideFields() {
		this.host.installed("podman", "5.2.0", "/usr/bin/podman");
		ProfileSet set = this.host.detect("hooks.profiles[0].id", "podman", "hooks.profiles[0].extension-stages",
				"precreate", "hooks.profiles[0].prestart-stage", "PRESTART", "hooks.profiles[1].id", "remote-crio",
				"hooks.profiles[1].kind", "CRIO", "hooks.profiles[1].version", "1.30.2",
				"hooks.profiles[1].directories", "/srv/hooks", "hooks.profiles[2].id", "tool",
				"hooks.profiles[2].directories", "/opt/a,/opt/b", "hooks.profiles[2].load-mode", "PER_DIRECTORY");
		assertThat(set.profiles()).extracting(RuntimeProfile::id).containsExactly("podman", "remote-crio", "tool");
		RuntimeProfile podman = set.find("podman").orElseThrow();
		assertThat(podman.extensionStages()).containsExactly("precreate");
		assertThat(podman.prestartStage()).isEqualTo(PrestartStage.PRESTART);
		assertThat(podman.prestartReason()).isEqualTo("configured: hooks.profiles[0].prestart-stage");
		assertThat(podman.version().version()).isEqualTo("5.2.0");

		RuntimeProfile crio = set.find("remote-crio").orElseThrow();
		assertThat(crio.origin()).isEqualTo(ProfileOrigin.CONFIGURED);
		assertThat(crio.kind()).isEqualTo(RuntimeKind.CRIO);
		assertThat(crio.extensionStages()).isEmpty();
		assertThat(crio.prestartStage()).isEqualTo(PrestartStage.PRESTART);
		assertThat(crio.directories()).singleElement().satisfies((d) -> {
			assertThat(d.path()).isEqualTo("/srv/hooks");
			assertThat(d.location()).isEqualTo(this.root.resolve("srv/hooks"));
			assertThat(d.source().description()).isEqualTo("hooks.profiles[1].directories");
		});

		RuntimeProfile tool = set.find("tool").orElseThrow();
		assertThat(tool.kind()).isEqualTo(RuntimeKind.CUSTOM);
		assertThat(tool.loadMode()).isEqualTo(LoadMode.PER_DIRECTORY);
		assertThat(tool.extensionStages()).containsExactly("precreate", "poststop");
		assertThat(paths(tool)).containsExactly("/opt/a", "/opt/b");
	}

	@Test
	void badConfiguredProfilesFailFast() {
		assertThatThrownBy(() -> this.host.detect("hooks.profiles[0].id", "x"))
			.hasMessageContaining("needs directories");
		assertThatThrownBy(() -> this.host.detect("hooks.profiles[0].kind", "CRIO"))
			.hasMessageContaining("needs an id");
		assertThatThrownBy(() -> this.host.detect("hooks.profiles[0].id", "a", "hooks.profiles[0].kind", "CRIO",
				"hooks.profiles[1].id", "a", "hooks.profiles[1].kind", "CRIO"))
			.hasMessageContaining("configured twice");
	}

	@Test
	void nothingFoundFallsBackToTheDocumentedDirectories() {
		ProfileSet set = this.host.detect();
		RuntimeProfile p = set.profiles().get(0);
		assertThat(set.profiles()).hasSize(1);
		assertThat(p.origin()).isEqualTo(ProfileOrigin.FALLBACK);
		assertThat(p.locations()).containsExactly(this.root.resolve("usr/share/containers/oci/hooks.d"),
				this.root.resolve("etc/containers/oci/hooks.d"));
		assertThat(set.allFindings()).anyMatch((f) -> f.message().equals("no runtime found"));
		assertThat(set.allFindings()).anyMatch((f) -> f.message().contains("podman, crio, buildah"));
	}

	@Test
	void detectionCanBeSwitchedOff() {
		this.host.installed("podman", "5.2.0", "/usr/bin/podman");
		ProfileSet set = this.host.detect("hooks.detection.enabled", "false", "hooks.profiles[0].id", "podman",
				"hooks.profiles[0].kind", "PODMAN");
		RuntimeProfile p = set.find("podman").orElseThrow();
		assertThat(p.origin()).isEqualTo(ProfileOrigin.CONFIGURED);
		assertThat(p.version().known()).isFalse();
		assertThat(paths(p)).containsExactly("/usr/share/containers/oci/hooks.d");
	}

	@Test
	void explicitDirectoriesMeanOneCustomProfileAndNoDetection() throws IOException {
		this.host.installed("podman", "5.2.0", "/usr/bin/podman");
		HooksProperties properties = this.host.properties("hooks.directories", "/a,/b", "hooks.extension-stages",
				"precreate", "hooks.profiles[0].id", "podman");
		RuntimeProfiles profiles = new RuntimeProfiles(properties, true, Map.of(), (command, timeout) -> {
			throw new AssertionError("nothing is run");
		});
		assertThat(profiles.explicitDirectories()).isTrue();
		assertThat(profiles.profiles()).singleElement().satisfies((p) -> {
			assertThat(p.id()).isEqualTo("custom");
			assertThat(p.kind()).isEqualTo(RuntimeKind.CUSTOM);
			assertThat(p.origin()).isEqualTo(ProfileOrigin.EXPLICIT_DIRECTORIES);
			assertThat(p.locations()).containsExactly(Path.of("/a"), Path.of("/b"));
			assertThat(p.loadMode()).isEqualTo(LoadMode.MERGED);
			assertThat(p.extensionStages()).containsExactly("precreate");
			assertThat(p.prestartStage()).isEqualTo(PrestartStage.CREATE_RUNTIME);
		});
		assertThat(profiles.directories()).containsExactly(Path.of("/a"), Path.of("/b"));
		assertThat(profiles.findings()).anyMatch((f) -> f.source().equals("hooks.profiles"));
		assertThat(profiles.refresh().profiles()).hasSize(1);
		assertThat(RuntimeProfiles.forExplicitDirectories(List.of(Path.of("d")), List.of())
			.profiles()
			.get(0)
			.directories()
			.get(0)
			.location()).isEqualTo(Path.of("d"));
	}

	@Test
	void directoriesAreExplicitUnlessOnlyThePackagedDefaultSetsThem() throws IOException {
		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources()
			.addLast(new YamlPropertySourceLoader()
				.load("Config resource 'class path resource [application.yaml]'",
						new ClassPathResource("application.yaml"))
				.get(0));
		// The packaged default is gone: without hooks.directories the detected runtimes
		// decide.
		assertThat(env.getProperty("hooks.directories[0]")).isNull();
		assertThat(env.getProperty("hooks.extension-stages[0]")).isEqualTo("precreate");
		assertThat(RuntimeProfiles.directoriesSetExplicitly(env)).isFalse();

		env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("hooks.state-dir", "/tmp/x")));
		assertThat(RuntimeProfiles.directoriesSetExplicitly(env)).isFalse();

		env.getPropertySources().addFirst(new MapPropertySource("args", Map.of("hooks.directories[0]", "/mine")));
		assertThat(RuntimeProfiles.directoriesSetExplicitly(env)).isTrue();

		StandardEnvironment fromEnv = new StandardEnvironment();
		fromEnv.getPropertySources()
			.addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("HOOKS_DIRECTORIES", "/x,/y")));
		assertThat(RuntimeProfiles.directoriesSetExplicitly(fromEnv)).isTrue();

		assertThat(RuntimeProfiles.directoriesSetExplicitly(new StandardEnvironment() {
			{
				getPropertySources().remove(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
			}
		})).isFalse();
	}

	@Test
	void hostRootSlashIsTheFileSystemRootNotTheClassPathRoot() {
		// Spring's String-to-Path conversion would resolve "/" against the class path
		// (target/test-classes).
		HooksProperties properties = FakeHost.bind(Map.of("hooks.detection.enabled", "false"));
		assertThat(properties.hostRoot()).isEqualTo("/");
		assertThat(RuntimeProfiles.detect(properties, Map.of()).hostRoot()).isEqualTo(Path.of("/"));
	}

	@Test
	void configuredKindNamesMatchRuntimeKinds() {
		assertThat(Arrays.stream(HooksProperties.Profile.Kind.values()).map(Enum::name))
			.containsExactlyElementsOf(Arrays.stream(RuntimeKind.values()).map(Enum::name).toList());
	}

}
