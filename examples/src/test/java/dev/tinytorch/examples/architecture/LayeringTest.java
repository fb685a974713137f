package dev.tinytorch.examples.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tinytorch.nn.archfixture.LayerThatReachesIntoABackend;
import dev.tinytorch.nn.archfixture.LayerThatWritesJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the layering of the main code of every module, and that the rules can fail at all. */
class LayeringTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))  // api's contract suite and doubles
                .importPackages("dev.tinytorch");
    }

    @Test
    void apiDependsOnTheJdkOnly() {
        LayeringRules.API_DEPENDS_ON_JDK_ONLY.check(production);
    }

    @Test
    void nnDependsOnApiAndTheJdkOnly() {
        LayeringRules.NN_DEPENDS_ON_API_AND_JDK_ONLY.check(production);
    }

    @Test
    void onlyNnIoAlsoUsesJackson() {
        LayeringRules.NN_IO_ADDS_ONLY_JACKSON.check(production);
    }

    @Test
    void plainBackendDependsOnApiAndTheJdkOnly() {
        LayeringRules.PLAIN_BACKEND_DEPENDS_ON_API_AND_JDK_ONLY.check(production);
    }

    @Test
    void ejmlBackendDependsOnApiAndEjmlOnly() {
        LayeringRules.EJML_BACKEND_DEPENDS_ON_API_AND_EJML_ONLY.check(production);
    }

    @Test
    void nd4jBackendDependsOnApiAndNd4jOnly() {
        LayeringRules.ND4J_BACKEND_DEPENDS_ON_API_AND_ND4J_ONLY.check(production);
    }

    @Test
    void noPackageCycles() {
        LayeringRules.NO_PACKAGE_CYCLES.check(production);
    }

    @Test
    void theNnRuleCatchesAnNnClassThatUsesABackend() {
        JavaClasses offender = new ClassFileImporter().importClasses(LayerThatReachesIntoABackend.class);
        AssertionError error = assertThrows(AssertionError.class,
                () -> LayeringRules.NN_DEPENDS_ON_API_AND_JDK_ONLY.check(offender));
        assertTrue(error.getMessage().contains("dev.tinytorch.backend.plain.PlainBackend"), error.getMessage());
    }

    @Test
    void theNnRuleCatchesJacksonOutsideNnIo() {
        JavaClasses offender = new ClassFileImporter().importClasses(LayerThatWritesJson.class);
        AssertionError error = assertThrows(AssertionError.class,
                () -> LayeringRules.NN_DEPENDS_ON_API_AND_JDK_ONLY.check(offender));
        assertTrue(error.getMessage().contains("com.fasterxml.jackson"), error.getMessage());
    }
}
