package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * What the runtime makes of one file, given the extension stages in force.
 *
 * @param file the file as read
 * @param status active, masked, invalid, skipped or ignored
 * @param problems the runtime's error for it (if any) followed by warnings and hints
 * @param maskedBy the directory whose file of the same name replaces this one, or null
 * @param masks directories whose file of the same name this one replaces
 * @param blocksRuntime whether this file makes the runtime refuse every container
 */
public record FileState(HookFile file, Status status, List<Problem> problems, String maskedBy, List<String> masks,
		boolean blocksRuntime) {

	public FileState {
		problems = List.copyOf(problems);
		masks = List.copyOf(masks);
	}

	public String directory() {
		return this.file.directory();
	}

	public String name() {
		return this.file.name();
	}

}
