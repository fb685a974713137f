package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tinytorch backends}: the matrix backends on the class path, whether each starts here (and why not), and
 * which one the other commands use by default, and why.
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"List the matrix backends, highest priority first, whether each starts on this machine,",
                "and which is the default: the one named by -Dtinytorch.backend or TINYTORCH_BACKEND, else the",
                "highest-priority one that starts. Exit code 1 if no default backend can start."})
final class BackendsCommand implements Callable<Integer> {

    @ParentCommand
    private TinyTorch root;

    @Override
    public Integer call() {
        PrintStream out = root.out();
        List<String> names = Backends.available();
        out.println("backends (highest priority first):");
        for (String name : names) {
            String status;
            try {
                Backends.get(name);
                status = "ok";
            } catch (IllegalStateException e) {
                status = "cannot start: " + Backends.failures().getOrDefault(name, e.getMessage());
            }
            out.printf("  %-8s %s%n", name, status);
        }
        for (Map.Entry<String, String> failure : Backends.failures().entrySet()) {
            if (!names.contains(failure.getKey())) {
                out.println("  failed to load " + failure.getKey() + ": " + failure.getValue());
            }
        }
        String requested = Backends.requested();
        MatrixOps chosen;
        try {
            chosen = Backends.getDefault();
        } catch (RuntimeException e) {
            throw new CommandFailure("no default backend: " + e.getMessage());
        }
        out.println("default: " + chosen.name() + (requested != null
                ? " (requested with -Dtinytorch.backend or TINYTORCH_BACKEND)"
                : " (the highest-priority backend that starts; choose with --backend, -Dtinytorch.backend or"
                        + " TINYTORCH_BACKEND)"));
        return TinyTorch.OK;
    }
}
