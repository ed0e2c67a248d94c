package org.reclaim;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The service's modules (one per capability, a direct sub-package of {@code org.reclaim}): no
 * cycles between them, each uses only the modules its {@code package-info.java} allows and only
 * their API (the module's own package, not its sub-packages), and nothing depends on the SIMULATED
 * sandbox or the demo. The connectors library ({@code x12}, {@code drafting}, {@code connector},
 * {@code common}) is a separate Maven module, checked by its own rules test.
 */
class ModularityTest {

    static final ApplicationModules MODULES =
            ApplicationModules.of(
                    ReclaimApplication.class,
                    resideInAnyPackage(
                            "org.reclaim.x12..",
                            "org.reclaim.drafting..",
                            "org.reclaim.connector..",
                            "org.reclaim.common.."));

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    /** Writes the module diagram (PlantUML) and a canvas per module under docs/modules/. */
    @Test
    void writesTheModuleDiagram() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/modules"))
                .writeModulesAsPlantUml(Documenter.DiagramOptions.defaults())
                .writeModuleCanvases();
    }
}
