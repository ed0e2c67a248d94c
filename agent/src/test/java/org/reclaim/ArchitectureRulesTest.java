package org.reclaim;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules the design rests on beyond module boundaries (ModularityTest), checked on the compiled
 * classes, so a fully qualified name in the code counts as much as an import: X12 reading,
 * drafting, the connectors and the denial definition know nothing of Spring, R2DBC, Reactor or
 * Netty; the command line never loads Spring; the SIMULATED sandbox and the demo are used by
 * nothing else.
 */
class ArchitectureRulesTest {

    static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("org.reclaim");

    /**
     * The frameworks, less the module annotations of package-info.java (annotations only, no
     * runtime).
     */
    static final DescribedPredicate<JavaClass> FRAMEWORKS =
            resideInAnyPackage("org.springframework..", "io.r2dbc..", "reactor..", "io.netty..")
                    .and(not(resideInAPackage("org.springframework.modulith")))
                    .as("Spring, R2DBC, Reactor or Netty");

    @Test
    void connectorsUseNoFramework() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.reclaim.x12..",
                        "org.reclaim.drafting..",
                        "org.reclaim.connector..",
                        "org.reclaim.common..")
                .should()
                .dependOnClassesThat(FRAMEWORKS)
                .check(CLASSES);
    }

    @Test
    void theDenialDefinitionIsPlainJava() {
        noClasses()
                .that()
                .resideInAPackage("org.reclaim.remittance")
                .should()
                .dependOnClassesThat(FRAMEWORKS)
                .check(CLASSES);
    }

    @Test
    void theCommandLineNeverLoadsSpring() {
        noClasses()
                .that()
                .resideInAPackage("org.reclaim.cli..")
                .should()
                .dependOnClassesThat(FRAMEWORKS)
                .check(CLASSES);
    }

    @Test
    void theX12ReadersInternalsStayInside() {
        noClasses()
                .that()
                .resideOutsideOfPackages("org.reclaim.x12", "org.reclaim.x12.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.reclaim.x12.internal..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheDemoUsesTheSimulatedParties() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "org.reclaim.demo..", "org.reclaim.sandbox..", "org.reclaim.chaos..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.reclaim.sandbox..", "org.reclaim.demo..", "org.reclaim.chaos..")
                .because(
                        "the SIMULATED parties serve the demo and the chaos suite (a harness that"
                                + " runs the service against them), never a production path")
                .check(CLASSES);
    }

    @Test
    void onlyTestsTurnTheClockBack() {
        noClasses()
                .should()
                .callMethod(org.reclaim.core.AgentClock.class, "restartForTest")
                .because("the service's clock only moves forward; a test starts on a fresh one")
                .check(CLASSES);
    }
}
