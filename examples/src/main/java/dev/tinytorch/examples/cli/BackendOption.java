package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --backend} and {@code --dtype} options every computing command shares, and how they become a running
 * backend: a picocli mixin, also for the demos that take it ({@code CharRnn}).
 */
public final class BackendOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Matrix backend: plain, ejml or nd4j (default: -Dtinytorch.backend, TINYTORCH_BACKEND, "
                    + "else the fastest that starts; see 'tinytorch backends').")
    private String name;

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "Precision: float64 or float32, PyTorch's default (default: -Dtinytorch.dtype, "
                    + "TINYTORCH_DTYPE, else float64).")
    private String dtype;

    /**
     * The backend asked for, or the default one, in the precision asked for.
     *
     * @throws ParameterException if no backend has that name, the precision is not one, or no backend offers it
     *                            (bad usage)
     * @throws IllegalStateException if the backend exists but cannot start here (a failure, with the reason)
     */
    public MatrixOps resolve() {
        if (name == null && dtype == null) {
            return Backends.getDefault();
        }
        DType precision = precision();
        String chosen = name != null ? name : Backends.requested();
        if (chosen == null) {
            return firstIn(precision);
        }
        try {
            return Backends.get(chosen, precision);
        } catch (IllegalArgumentException unknown) {
            throw new ParameterException(spec.commandLine(), "--backend: " + unknown.getMessage());
        }
    }

    /** The precision of {@code --dtype}, else the one the system property or environment names. */
    private DType precision() {
        if (dtype == null) {
            return Backends.requestedDType();
        }
        try {
            return DType.parse(dtype);
        } catch (IllegalArgumentException unknown) {
            throw new ParameterException(spec.commandLine(), "--dtype: " + unknown.getMessage());
        }
    }

    /** The highest-priority backend that starts in {@code precision}, as {@link Backends#getDefault()} chooses. */
    private MatrixOps firstIn(DType precision) {
        List<String> reasons = new ArrayList<>();
        for (String candidate : Backends.available()) {
            try {
                return Backends.get(candidate, precision);
            } catch (IllegalArgumentException | IllegalStateException e) {
                reasons.add(e.getMessage());
            }
        }
        throw new ParameterException(spec.commandLine(), "--dtype: no backend here computes in " + precision + ": "
                + String.join("; ", reasons));
    }
}
