package io.github.ocihooks.admin.definitions;

import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.directories.WritePolicy;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookWriter;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.runtimes.Reception;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.github.ocihooks.admin.store.HookStore;

import org.springframework.stereotype.Component;

/**
 * The one validator of a definition someone wants to write, behind {@code PUT},
 * {@code /validate}, sync and the dashboard editor: the runtime's reading of the
 * canonical bytes, the stricter rules for writes, the write policy, and what each runtime
 * that reads the directory would make of the file.
 */
@Component
public class DefinitionValidator {

	/** The code of the warning that no runtime reads the directory. */
	public static final String UNREAD = "unread-directory";

	private final HookStore store;

	private final HookDirectories directories;

	private final WritePolicy policy;

	private final HookLoader loader = new HookLoader(ExecutableProbe.fileSystem());

	private final RuntimeViews runtimes;

	DefinitionValidator(HookStore store, HookDirectories directories, WritePolicy policy, RuntimeViews runtimes) {
		this.store = store;
		this.directories = directories;
		this.policy = policy;
		this.runtimes = runtimes;
	}

	/**
	 * Everything a write of this definition as {@code name} into the directory at
	 * {@code index} must pass, and as warnings what the runtimes that read the directory
	 * would reject although this service accepts it ({@link RuntimeViews#refusals}).
	 */
	public DefinitionCheck check(int index, String name, GoJson.Value definition) {
		DefinitionCheck check = checkForWrite(index, name, definition);
		return (check.file() != null) ? check.withWarnings(this.runtimes.refusals(check.file())) : check;
	}

	/**
	 * As {@link #check}, without the runtimes' warnings: for a caller that asks the
	 * runtimes itself ({@link #runtimes}), so that their views are not computed twice.
	 */
	public DefinitionCheck checkForWrite(int index, String name, GoJson.Value definition) {
		DefinitionCheck check = DefinitionCheck.of(definition, this.directories.location(index), name,
				this.store.extensionStages(), this.loader);
		return check.valid() ? check.withErrors(this.policy.violations(check.canonical())) : check;
	}

	/**
	 * What the runtimes make of {@code file}, content checked for the directory at
	 * {@code index} ({@link io.github.ocihooks.admin.engine.HookValidation}): one notice
	 * per runtime profile, a warning for each runtime that reads the directory and
	 * rejects the file although this service accepts it (the same warnings as
	 * {@link #check}), and one warning when no runtime reads the directory.
	 */
	public Reception runtimes(int index, HookFile file) {
		Reception reception = this.runtimes.reception(file);
		String unread = this.directories.unread(index);
		if (unread == null) {
			return reception;
		}
		List<Problem> warnings = new ArrayList<>(reception.warnings());
		warnings.add(Problem.of(Severity.WARNING, UNREAD, null, 0, unread));
		return new Reception(reception.runtimes(), warnings);
	}

	/**
	 * As {@link #check}, except that a legacy 0.1.0 definition (as an export gives it) is
	 * written as the 1.0.0 definition the runtime matches against exactly the same
	 * containers, with a warning saying so; one that no single 1.0.0 file can express is
	 * refused as by {@link #check}.
	 */
	public DefinitionCheck checkForSync(int index, String name, GoJson.Value definition) {
		DefinitionCheck check = check(index, name, definition);
		if (check.valid() || check.definition() == null || !check.definition().legacy()) {
			return check;
		}
		String converted = HookWriter.converted(check.definition());
		if (converted == null) {
			return check;
		}
		DefinitionCheck asConverted;
		try {
			asConverted = check(index, name, GoJson.parse(converted.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (GoJson.SyntaxException ex) {
			throw new IllegalStateException("HookWriter wrote text it cannot read back", ex);
		}
		List<Problem> warnings = new ArrayList<>(asConverted.warnings());
		warnings.add(0,
				Problem.of(Severity.WARNING, "converted", "/version", 0,
						"Legacy 0.1.0 definition written as its schema 1.0.0 equivalent (the runtime matches the same "
								+ "containers with it)"));
		return new DefinitionCheck(asConverted.definition(), asConverted.canonical(), asConverted.errors(),
				List.copyOf(warnings), asConverted.file());
	}

}
