package io.github.ocihooks.admin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running application that integration tests share instead of starting their own
 * (Spring's test context cache reuses it while the configuration is the same): one
 * writable directory ({@code ROOT/etc}), a state directory, user {@code admin} with
 * {@link #ADMIN_PASSWORD}, no watcher. For tests that do not depend on what the others
 * write there or on login throttling; a test that needs other settings keeps its own
 * {@code @SpringBootTest}. Subclasses must not add properties, or they get a context of
 * their own again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
public abstract class SharedApplication {

	public static final String ADMIN_PASSWORD = "admin-secret";

	/** The shared root, for the JVM's lifetime (removed at exit). */
	protected static final Path ROOT = createRoot();

	@DynamicPropertySource
	static void sharedProperties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> ROOT.resolve("etc").toString());
		registry.add("hooks.state-dir", () -> ROOT.resolve("state").toString());
		registry.add("hooks.admin.password", () -> "{noop}" + ADMIN_PASSWORD);
	}

	private static Path createRoot() {
		try {
			Path root = Files.createTempDirectory("oci-hooks-shared-");
			Files.createDirectories(root.resolve("etc"));
			Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
			return root;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// Best effort: it is a temporary directory.
		}
	}

}
