package io.github.ocihooks.admin;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.ocihooks.admin.store.StoreException;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine reproduces the runtime's rules and is plain Java: no Spring, no Servlet API,
 * no other package of this application. The rules pass while the package is still empty
 * ({@code allowEmptyShould}).
 * <p>
 * Above it, the feature packages ({@code inventory}, {@code definitions},
 * {@code preview}, {@code history}, {@code directories}) own the domain decisions once;
 * {@code api} (REST) and {@code web} (pages) are two thin faces on them that know nothing
 * of each other and never touch the file system themselves.
 */
class ArchitectureTests {

	private static final String ENGINE = "io.github.ocihooks.admin.engine..";

	private static final String API = "io.github.ocihooks.admin.api..";

	private static final String WEB = "io.github.ocihooks.admin.web..";

	private static final String[] FEATURES = { "io.github.ocihooks.admin.inventory..",
			"io.github.ocihooks.admin.definitions..", "io.github.ocihooks.admin.preview..",
			"io.github.ocihooks.admin.history..", "io.github.ocihooks.admin.directories.." };

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.ocihooks.admin");

	@Test
	void engineDoesNotDependOnSpringOrJakarta() {
		noClasses().that()
			.resideInAPackage(ENGINE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..")
			.allowEmptyShould(true)
			.check(CLASSES);
	}

	@Test
	void engineDoesNotDependOnOtherApplicationPackages() {
		noClasses().that()
			.resideInAPackage(ENGINE)
			.should()
			.dependOnClassesThat(resideInAPackage("io.github.ocihooks.admin..").and(resideOutsideOfPackage(ENGINE)))
			.allowEmptyShould(true)
			.check(CLASSES);
	}

	@Test
	void engineDependsOnlyOnTheJdkJacksonAndRe2j() {
		classes().that()
			.resideInAPackage(ENGINE)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "tools.jackson..", "com.fasterxml.jackson.annotation..", "com.google.re2j..",
					ENGINE)
			.allowEmptyShould(true)
			.check(CLASSES);
	}

	@Test
	void apiDoesNotDependOnWeb() {
		noClasses().that().resideInAPackage(API).should().dependOnClassesThat().resideInAPackage(WEB).check(CLASSES);
	}

	@Test
	void webDoesNotDependOnApi() {
		noClasses().that().resideInAPackage(WEB).should().dependOnClassesThat().resideInAPackage(API).check(CLASSES);
	}

	@Test
	void controllersDoNotTouchTheFileSystem() {
		noClasses().that()
			.resideInAnyPackage(API, WEB)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("java.nio.file..")
			.because("every change on disk goes through the audited write path, every read through a feature")
			.check(CLASSES);
	}

	@Test
	void featuresDoNotDependOnTheirFaces() {
		noClasses().that()
			.resideInAnyPackage(FEATURES)
			.or()
			.resideInAnyPackage("io.github.ocihooks.admin.store..", ENGINE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(API, WEB)
			.because("a feature decides once, for the API and the dashboard alike")
			.check(CLASSES);
	}

	/**
	 * No package needs one that needs it back. {@link StoreException} is the shared
	 * vocabulary of refusals (the directories feature refuses an unknown directory with
	 * it, the write path below it throws it too), so a use of it is not counted.
	 */
	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.github.ocihooks.admin.(*)..")
			.should()
			.beFreeOfCycles()
			.ignoreDependency(alwaysTrue(), belongToAnyOf(StoreException.class))
			.check(CLASSES);
	}

}
