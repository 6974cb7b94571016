package io.github.ocihooks.admin.engine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go release a consumer of {@code pkg/hooks} was built with. The hook code is the
 * same, but Go's standard library decides what a pattern means and how an error reads,
 * and that changed between releases:
 * <ul>
 * <li><b>Named groups written {@code (?<name>...)}</b> are accepted from Go 1.22
 * ({@code regexp/syntax} parse.go, {@code parsePerlFlags}: go1.22.0 tests
 * {@code startsWithName := len(t) > 3 && t[2] == '<'}; go1.19.8 only knows
 * {@code t[2] == 'P' && t[3] == '<'}). Before, any {@code (?<} is
 * {@code invalid or unsupported Perl syntax: `(?<`} (the flag loop meets {@code '<'},
 * {@code ErrInvalidPerlOp} over {@code s[:len(s)-len(t)]}): a file with such a pattern
 * refuses every container on an older consumer and is fine on a newer one. The same
 * change words a lookbehind {@code (?<=x)} as {@code invalid named capture} (no
 * {@code '>'}) instead.</li>
 * <li><b>{@code encoding/json} type errors</b>: Go's classic decoder
 * ({@code decode.go literalStore}) names the number only when it decodes into a numeric
 * type ({@code "number " + s}, e.g. {@code number 1e1} into {@code int}) and says just
 * {@code number} for a number where a string, bool, slice or map was expected (go1.19.8
 * and the reference's Go). {@link #LATEST} keeps this engine's historical wording, which
 * names the number there too ({@code cannot unmarshal number 1 into ... of type string}):
 * that is what {@code encoding/json} says when built on json/v2
 * ({@code //go:build goexperiment.jsonv2}, {@code transformUnmarshalError}:
 * {@code value += " " +
 * string(err.JSONValue)} for every target type; Go 1.25 with
 * {@code GOEXPERIMENT=jsonv2}), not any classic decoder.</li>
 * </ul>
 * {@link #LATEST} is this engine's default: the newest behaviour it knows, unchanged from
 * before releases were modelled.
 */
public final class GoRelease {

	/** The newest behaviour this engine models, and its default. */
	public static final GoRelease LATEST = new GoRelease(1, Integer.MAX_VALUE, "latest");

	/** The first release that accepts {@code (?<name>...)}. */
	static final int ANGLE_NAMED_GROUPS_MINOR = 22;

	private static final Pattern VERSION = Pattern.compile("(?:go)?(\\d+)\\.(\\d+)(?:[.a-z0-9-]*)?");

	private final int major;

	private final int minor;

	private final String name;

	private GoRelease(int major, int minor, String name) {
		this.major = major;
		this.minor = minor;
		this.name = name;
	}

	/** Go {@code 1.minor}. */
	public static GoRelease of(int major, int minor) {
		if (major != 1 || minor < 0) {
			throw new IllegalArgumentException("unsupported Go release " + major + "." + minor);
		}
		return new GoRelease(major, minor, "go" + major + "." + minor);
	}

	/**
	 * The release in a Go version string: {@code go1.19.8}, {@code 1.22},
	 * {@code go1.21rc2}; empty when it is not one (or not Go 1).
	 */
	public static Optional<GoRelease> parse(String version) {
		if (version == null) {
			return Optional.empty();
		}
		String v = version.strip();
		if (v.equalsIgnoreCase("latest")) {
			return Optional.of(LATEST);
		}
		Matcher m = VERSION.matcher(v);
		if (!m.matches()) {
			return Optional.empty();
		}
		try {
			int major = Integer.parseInt(m.group(1));
			int minor = Integer.parseInt(m.group(2));
			return (major == 1) ? Optional.of(of(major, minor)) : Optional.empty();
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** {@code go1.19} (the minor release), or {@code latest}. */
	public String name() {
		return this.name;
	}

	/** Whether this is {@link #LATEST}. */
	public boolean latest() {
		return this.minor == Integer.MAX_VALUE;
	}

	/** Whether {@code regexp} accepts {@code (?<name>...)} (Go &ge; 1.22). */
	public boolean acceptsAngleNamedGroups() {
		return this.minor >= ANGLE_NAMED_GROUPS_MINOR;
	}

	/**
	 * Whether a JSON number decoded into a non-numeric Go type is named with its literal
	 * ({@code number 1}); Go's classic decoder says just {@code number}.
	 */
	boolean namesNumberForNonNumericTypes() {
		return latest();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof GoRelease g) && g.major == this.major && g.minor == this.minor;
	}

	@Override
	public int hashCode() {
		return 31 * this.major + this.minor;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
