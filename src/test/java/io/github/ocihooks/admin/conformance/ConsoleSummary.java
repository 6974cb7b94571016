package io.github.ocihooks.admin.conformance;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines a build must show on its console, such as
 * "{@code conformance: N passed, M failed}".
 * <p>
 * Surefire and failsafe run with {@code redirectTestOutputToFile}: whatever a test writes
 * to {@code System.out} or {@code System.err} goes to
 * {@code target/*-reports/*-output.txt} only. They copy the forked JVM's own standard
 * error stream (the process's file descriptor 2) to the build's console as it is, so a
 * line is written there as well as to {@code System.out} (which keeps it in the report
 * file, where {@code .ci/run} reads it).
 */
public final class ConsoleSummary {

	private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
			StandardCharsets.UTF_8);

	private ConsoleSummary() {
	}

	public static synchronized void println(String line) {
		System.out.println(line);
		System.out.flush();
		CONSOLE.println(line);
		CONSOLE.flush();
	}

}
