package io.github.ocihooks.admin.profiles;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;

/**
 * Applies {@code hooks.profiles}: same id overrides a detected profile, another id adds
 * one.
 */
final class ConfiguredProfiles {

	private ConfiguredProfiles() {
	}

	static List<RuntimeProfile> apply(List<RuntimeProfile> detected, List<HooksProperties.Profile> configured,
			Detector detector, List<String> customExtensionStages) {
		List<RuntimeProfile> result = new ArrayList<>(detected);
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			HooksProperties.Profile p = configured.get(i);
			String key = "hooks.profiles[" + i + "]";
			if (p.id() == null || p.id().isBlank()) {
				throw new IllegalStateException(key + ".id: every configured profile needs an id");
			}
			if (!ids.add(p.id())) {
				throw new IllegalStateException(key + ".id: profile id " + p.id() + " is configured twice");
			}
			int index = indexOf(result, p.id());
			RuntimeProfile found = (index >= 0) ? result.get(index) : null;
			RuntimeKind kind = (p.kind() != null) ? RuntimeKind.valueOf(p.kind().name())
					: (found != null) ? found.kind() : RuntimeKind.CUSTOM;
			if (found != null && found.kind() != kind) {
				found = null;
			}
			RuntimeVersion version = (p.version() != null && !p.version().isBlank())
					? RuntimeVersion.of(p.version().trim(), VersionSource.CONFIGURED, key + ".version")
					: (found != null) ? stripInferred(found.version())
							: RuntimeVersion.unknown("not configured (" + key + ".version) and not detected");
			ProfileOrigin origin = (found != null) ? ProfileOrigin.DETECTED_AND_CONFIGURED : ProfileOrigin.CONFIGURED;
			RuntimeProfile base;
			if (kind == RuntimeKind.CUSTOM) {
				if (p.directories() == null || p.directories().isEmpty()) {
					throw new IllegalStateException(key + ".directories: a CUSTOM profile needs directories");
				}
				base = custom(p.id(), origin, version, List.of(), customExtensionStages,
						"a configured consumer: one load over all its directories",
						"containers/common v0.58 and later inject prestart definitions as createRuntime");
			}
			else {
				base = detector.build(kind, p.id(), origin, (found != null) ? found.binary() : null, version,
						(found != null) ? stripInferred(found.goVersion())
								: RuntimeVersion.unknown("not detected (" + key + " is not a detected runtime)"));
			}
			RuntimeProfile profile = override(base, p, key, detector.host());
			if (index >= 0) {
				result.set(index, profile);
			}
			else {
				result.add(profile);
			}
		}
		return result;
	}

	static RuntimeProfile custom(String id, ProfileOrigin origin, RuntimeVersion version,
			List<ProfileDirectory> directories, List<String> extensionStages, String loadModeReason,
			String prestartReason) {
		return new RuntimeProfile(id, RuntimeKind.CUSTOM, origin, null, version,
				Detector.goInferred(RuntimeVersion.unknown("not known for a custom consumer")), directories,
				LoadMode.MERGED, loadModeReason, extensionStages, PrestartStage.CREATE_RUNTIME, prestartReason,
				RuntimeKind.CUSTOM.annotations(), RuntimeKind.CUSTOM.hasBindMounts(), RuntimeKind.CUSTOM.takesEffect(),
				List.of(), List.of(), List.of());
	}

	private static RuntimeProfile override(RuntimeProfile b, HooksProperties.Profile p, String key, HostRoot host) {
		List<ProfileDirectory> directories = b.directories();
		LoadMode loadMode = b.loadMode();
		String loadModeReason = b.loadModeReason();
		if (p.directories() != null && !p.directories().isEmpty()) {
			directories = new ArrayList<>();
			for (String path : p.directories()) {
				directories.add(
						new ProfileDirectory(path, host.resolve(path), DirectorySource.property(key + ".directories")));
			}
			if (loadMode == LoadMode.NONE) {
				loadMode = LoadMode.MERGED;
				loadModeReason = "directories configured in " + key + ".directories: one load over all of them";
			}
		}
		if (p.loadMode() != null) {
			loadMode = p.loadMode();
			loadModeReason = "configured: " + key + ".load-mode";
		}
		List<String> stages = (p.extensionStages() != null) ? p.extensionStages() : b.extensionStages();
		PrestartStage prestart = b.prestartStage();
		String prestartReason = b.prestartReason();
		if (p.prestartStage() != null) {
			prestart = p.prestartStage();
			prestartReason = "configured: " + key + ".prestart-stage";
		}
		return new RuntimeProfile(b.id(), b.kind(), b.origin(), b.binary(), b.version(), b.goVersion(), directories,
				loadMode, loadModeReason, stages, prestart, prestartReason, b.annotations(), b.hasBindMounts(),
				b.takesEffect(), b.configFiles(), b.unknowns(), b.findings());
	}

	private static RuntimeVersion stripInferred(RuntimeVersion v) {
		return new RuntimeVersion(v.version(), v.source(), v.detail(), List.of());
	}

	private static int indexOf(List<RuntimeProfile> profiles, String id) {
		for (int i = 0; i < profiles.size(); i++) {
			if (profiles.get(i).id().equals(id)) {
				return i;
			}
		}
		return -1;
	}

}
