package io.github.ocihooks.admin.profiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.engine.GoRelease;

/**
 * A consumer's version, where it came from, and what this service inferred from it.
 *
 * @param version the upstream version ({@code 4.3.1}), or null when unknown
 * @param source where it came from
 * @param detail the evidence ({@code /usr/bin/podman --version: podman version 4.3.1}),
 * or why it is unknown
 * @param inferred what was inferred from it (or assumed for want of it), one sentence
 * each
 */
public record RuntimeVersion(String version, VersionSource source, String detail, List<String> inferred) {

	private static final Pattern VERSION_OUTPUT = Pattern
		.compile("(?im)^\\s*(?:[\\w.-]+\\s+)?version:?\\s+v?(\\d+\\.\\d+(?:\\.\\d+)?)");

	private static final Pattern GO_VERSION_OUTPUT = Pattern
		.compile("(?im)^\\s*Go\\s?Version:\\s*go(\\d+\\.\\d+(?:\\.\\d+)?(?:(?:rc|beta)\\d+)?)\\b");

	private static final Pattern BUILT_USING_GO = Pattern
		.compile("(?:^|,)\\s*golang-(\\d+\\.\\d+)\\s*\\(=\\s*([^)\\s]+)\\s*\\)");

	private static final Pattern LEADING_NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

	public RuntimeVersion {
		inferred = List.copyOf(inferred);
	}

	/** An unknown version, saying why. */
	public static RuntimeVersion unknown(String why) {
		return new RuntimeVersion(null, VersionSource.UNKNOWN, why, List.of());
	}

	static RuntimeVersion of(String version, VersionSource source, String detail) {
		return new RuntimeVersion(version, source, detail, List.of());
	}

	/** Whether the version is known. */
	public boolean known() {
		return this.version != null;
	}

	/**
	 * Whether the version is at least {@code major.minor}. An unknown version is taken as
	 * the newest (callers say so in {@link #inferred}); a version that cannot be parsed
	 * too.
	 */
	public boolean atLeast(int major, int minor) {
		if (this.version == null) {
			return true;
		}
		Matcher m = LEADING_NUMBERS.matcher(this.version);
		if (!m.find()) {
			return true;
		}
		int actualMajor = Integer.parseInt(m.group(1));
		int actualMinor = Integer.parseInt(m.group(2));
		return actualMajor > major || (actualMajor == major && actualMinor >= minor);
	}

	RuntimeVersion withInferred(List<String> more) {
		List<String> all = new ArrayList<>(this.inferred);
		all.addAll(more);
		return new RuntimeVersion(this.version, this.source, this.detail, all);
	}

	/**
	 * The version in the output of {@code --version}: {@code podman version 4.3.1},
	 * {@code crio version 1.30.4} (then more lines),
	 * {@code buildah version 1.28.2 (image-spec 1.0.2-dev, runtime-spec 1.0.2-dev)}, or
	 * the {@code Version:  1.30.4} line of {@code crio version}.
	 */
	static Optional<String> fromOutput(String output) {
		Matcher m = VERSION_OUTPUT.matcher(output);
		return m.find() ? Optional.of(m.group(1)) : Optional.empty();
	}

	/**
	 * The upstream version in a Debian version: {@code 4.3.1+ds1-8+deb12u1+b3} is
	 * {@code 4.3.1}, {@code 1:1.30.4-1} is {@code 1.30.4} (epoch, revision and repack
	 * suffixes dropped).
	 */
	static Optional<String> upstreamOfDebian(String debianVersion) {
		String v = debianVersion.trim();
		int colon = v.indexOf(':');
		if (colon >= 0) {
			v = v.substring(colon + 1);
		}
		Matcher m = Pattern.compile("^\\d+(?:\\.\\d+)+").matcher(v);
		return m.find() ? Optional.of(m.group()) : Optional.empty();
	}

	/**
	 * The Go version in the output of {@code podman version} / {@code buildah version}
	 * ({@code Go Version:   go1.19.8}) or {@code crio version}
	 * ({@code GoVersion:  go1.22.5}), without the {@code go} prefix.
	 */
	static Optional<String> goFromOutput(String output) {
		Matcher m = GO_VERSION_OUTPUT.matcher(output);
		return m.find() ? Optional.of(m.group(1)) : Optional.empty();
	}

	/**
	 * The Go toolchain in a Debian {@code Built-Using} field:
	 * {@code golang-1.19 (= 1.19.8-2)} gives {@code 1.19.8} (the toolchain package's
	 * upstream version, else its series {@code 1.19}).
	 */
	static Optional<String> goFromBuiltUsing(String builtUsing) {
		Matcher m = BUILT_USING_GO.matcher(builtUsing);
		if (!m.find()) {
			return Optional.empty();
		}
		Optional<String> upstream = upstreamOfDebian(m.group(2));
		return Optional.of(upstream.filter(u -> u.startsWith(m.group(1))).orElse(m.group(1)));
	}

	/**
	 * The Go release this version names ({@link GoRelease#LATEST} when unknown or not a
	 * Go 1 version).
	 */
	public GoRelease goRelease() {
		return GoRelease.parse(this.version).orElse(GoRelease.LATEST);
	}

}
