package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --backend} option every computing command shares, and how a name becomes a running backend: a picocli
 * mixin, also for the demos that take it ({@code CharRnn}).
 */
public final class BackendOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Matrix backend: plain, ejml or nd4j (default: -Dtinytorch.backend, TINYTORCH_BACKEND, "
                    + "else the fastest that starts; see 'tinytorch backends').")
    private String name;

    /**
     * The backend asked for, or the default one.
     *
     * @throws ParameterException if no backend has that name (bad usage)
     * @throws IllegalStateException if it exists but cannot start here (a failure, with the reason)
     */
    public MatrixOps resolve() {
        if (name == null) {
            return Backends.getDefault();
        }
        try {
            return Backends.get(name);
        } catch (IllegalArgumentException unknown) {
            throw new ParameterException(spec.commandLine(), "--backend: " + unknown.getMessage());
        }
    }
}
