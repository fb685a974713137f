package dev.tinytorch.backend.plain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/**
 * No method of the plain backend takes or returns a Vector API value. A vector passed through a call the JIT did
 * not inline is boxed on the heap, and the JIT may leave out even a one-line helper where its call site looked rare:
 * a {@code load(x, i)} helper that returned a vector made a LeNet-5 step allocate 6 KB for good in some JVMs and not
 * in others (see {@code VectorLoops}). The zero-allocation tests catch that only in the JVMs where it happens; this
 * rule catches the shape of code that lets it happen.
 */
class VectorsStayInsideMethodsTest {

    private static final String VECTOR_API = "jdk.incubator.vector";

    private static final ArchCondition<JavaMethod> PASS_NO_VECTOR =
            new ArchCondition<>("neither take nor return a " + VECTOR_API + " type") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    boolean takesOne = method.getRawParameterTypes().stream()
                            .anyMatch(VectorsStayInsideMethodsTest::isVectorApi);
                    if (takesOne || isVectorApi(method.getRawReturnType())) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                + " takes or returns a vector " + method.getSourceCodeLocation()));
                    }
                }
            };

    private static final ArchRule NO_VECTOR_CROSSES_A_CALL = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.tinytorch.backend.plain..")
            .should(PASS_NO_VECTOR)
            .because("a vector that crosses a call the JIT did not inline is allocated on the heap");

    private static boolean isVectorApi(JavaClass type) {
        return type.getPackageName().equals(VECTOR_API);
    }

    @Test
    void noMethodOfThePlainBackendTakesOrReturnsAVector() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tinytorch.backend.plain");
        NO_VECTOR_CROSSES_A_CALL.check(production);
    }

    @Test
    void theRuleCatchesAHelperThatReturnsAVector() {
        JavaClasses offender = new ClassFileImporter().importClasses(LoadHelper.class);
        AssertionError error = assertThrows(AssertionError.class, () -> NO_VECTOR_CROSSES_A_CALL.check(offender));
        assertTrue(error.getMessage().contains("LoadHelper.load"), error.getMessage());
    }

    /** The helper that once made LeNet-5 allocate: the rule must reject it. */
    private static final class LoadHelper {
        static DoubleVector load(double[] x, int at) {
            return DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, x, at);
        }
    }
}
