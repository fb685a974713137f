package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;

/**
 * Run by {@link Nd4jBackendTest} in a JVM without ND4J's natives: prints why nd4j could not start and which
 * backend serves as the default instead, and exits non-zero if nd4j started after all or no backend works.
 */
final class WithoutNatives {

    private WithoutNatives() {
    }

    public static void main(String[] args) {
        try {
            Backends.get("nd4j");
            System.out.println("nd4j started although its natives are missing");
            System.exit(1);
        } catch (IllegalStateException e) {
            System.out.println("nd4j: " + e.getMessage());
        }
        MatrixOps fallback = Backends.getDefault();
        double sum = fallback.sum(fallback.fromArray(new double[][] {{1, 2}, {3, 4}}));
        System.out.println("default: " + fallback.name() + ", sum " + sum);
        System.exit(sum == 10.0 ? 0 : 1);
    }
}
