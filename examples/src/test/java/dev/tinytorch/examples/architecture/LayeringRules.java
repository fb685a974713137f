package dev.tinytorch.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/** The project's layering, as ArchUnit rules: who may see whom. */
final class LayeringRules {

    private LayeringRules() {
    }

    /** {@code api} is the contract: it depends on the JDK alone. */
    static final ArchRule API_DEPENDS_ON_JDK_ONLY = classes()
            .that().resideInAPackage("dev.tinytorch.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.tinytorch.api..", "java..")
            .because("the SPI must not tie users or backends to any library");

    /**
     * {@code nn} is written against the SPI: it never sees a backend or a matrix library. Its {@code io} package is
     * the one exception, for JSON only: see {@link #NN_IO_ADDS_ONLY_JACKSON}.
     */
    static final ArchRule NN_DEPENDS_ON_API_AND_JDK_ONLY = classes()
            .that().resideInAPackage("dev.tinytorch.nn..")
            .and().resideOutsideOfPackage("dev.tinytorch.nn.io..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.tinytorch.nn..", "dev.tinytorch.api..", "java..")
            .because("the same network must run unchanged on every backend");

    /** {@code nn.io} may also use Jackson, to write and read {@code config.json} and the safetensors header. */
    static final ArchRule NN_IO_ADDS_ONLY_JACKSON = classes()
            .that().resideInAPackage("dev.tinytorch.nn.io..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.tinytorch.nn..", "dev.tinytorch.api..", "java..", "com.fasterxml.jackson..")
            .because("saved models are JSON plus safetensors, written with a well-kept JSON library, and nothing"
                    + " else of nn needs a library");

    /** The pure-Java backend sees {@code api}, the JDK and the JDK's Vector API. */
    static final ArchRule PLAIN_BACKEND_DEPENDS_ON_API_AND_JDK_ONLY =
            backendMayOnlySee("plain", "jdk.incubator.vector..");

    /** The EJML backend sees {@code api}, the JDK and EJML. */
    static final ArchRule EJML_BACKEND_DEPENDS_ON_API_AND_EJML_ONLY = backendMayOnlySee("ejml", "org.ejml..");

    /**
     * The ND4J backend sees {@code api}, the JDK, ND4J and its native stack: JavaCPP (the pointers ND4J's buffers
     * expose) and JNA, which ND4J brings, to set OpenBLAS's core type before OpenBLAS loads.
     */
    static final ArchRule ND4J_BACKEND_DEPENDS_ON_API_AND_ND4J_ONLY =
            backendMayOnlySee("nd4j", "org.nd4j..", "org.bytedeco..", "com.sun.jna..");

    /** No package of the project depends on itself through another. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.tinytorch.(**)").should().beFreeOfCycles();

    /** A backend sees {@code api}, the JDK and its own library; never {@code nn}, never another backend. */
    static ArchRule backendMayOnlySee(String backend, String... libraryPackages) {
        String own = "dev.tinytorch.backend." + backend + "..";
        List<String> allowed = new ArrayList<>(List.of(own, "dev.tinytorch.api..", "java.."));
        allowed.addAll(List.of(libraryPackages));
        return classes()
                .that().resideInAPackage(own)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("a backend implements the SPI with its own library and nothing else");
    }
}
