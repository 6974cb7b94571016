package io.github.ocihooks.admin.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks {@code hook.path} as the runtime's validation does ({@code fileutils.Exists}: a
 * stat that follows symbolic links). Only "no such file or directory" counts as not
 * existing: the reference treats that error specially (see {@link HookLoader}), while any
 * other failure, such as "not a directory", is an ordinary error.
 */
@FunctionalInterface
public interface ExecutableProbe {

	enum Kind {

		EXISTS, NOT_EXIST, ERROR

	}

	record Result(Kind kind, String message) {

		static final Result EXISTS = new Result(Kind.EXISTS, null);

	}

	Result probe(String path);

	/**
	 * The real file system, resolving relative paths against this process's working
	 * directory.
	 */
	static ExecutableProbe fileSystem() {
		return path -> {
			String op = "stat " + path + ": ";
			try {
				BasicFileAttributes attributes = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
				// java.nio drops a trailing slash; stat(2) does not and fails on a
				// non-directory.
				if (path.endsWith("/") && !attributes.isDirectory()) {
					return new Result(Kind.ERROR, op + "not a directory");
				}
				return Result.EXISTS;
			}
			catch (NoSuchFileException ex) {
				return new Result(Kind.NOT_EXIST, op + "no such file or directory");
			}
			catch (InvalidPathException ex) {
				return new Result(Kind.ERROR, op + "invalid argument");
			}
			catch (IOException ex) {
				return new Result(Kind.ERROR, op + GoStrings.reason(ex));
			}
			catch (SecurityException ex) {
				return new Result(Kind.ERROR, op + ex.getMessage());
			}
		};
	}

}
