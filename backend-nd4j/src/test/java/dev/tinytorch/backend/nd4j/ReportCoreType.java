package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.Backends;

/** Run by {@link OpenBlasCoreTypeTest} in a JVM of its own: starts nd4j and prints OpenBLAS's core type. */
final class ReportCoreType {

    private ReportCoreType() {
    }

    public static void main(String[] args) {
        Backends.get(Nd4jBackend.NAME);
        System.out.println("core type: " + OpenBlasCoreType.active());
    }
}
