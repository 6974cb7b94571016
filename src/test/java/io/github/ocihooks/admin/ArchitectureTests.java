package io.github.ocihooks.admin;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The engine reproduces the runtime's rules and is plain Java: no Spring, no Servlet API, no other package of this
 * application. The rules pass while the package is still empty ({@code allowEmptyShould}).
 */
class ArchitectureTests {

	private static final String ENGINE = "io.github.ocihooks.admin.engine..";

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

}
