package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.io.ModelFiles;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tinytorch} command: train a network on any numeric CSV file, evaluate it, predict with it, and list
 * the backends, without writing Java.
 *
 * <p>Exit codes: 0 on success, 2 on bad usage (an unknown option, a missing or malformed value, an unknown
 * backend name), 1 on failure (a missing or malformed file, data that cannot be learned from, training that
 * diverges). Every error is one line on standard error, starting with the command's name; results go to standard
 * output.
 */
@Command(name = "tinytorch", mixinStandardHelpOptions = true, versionProvider = TinyTorch.Version.class,
        description = "Train a neural network on a CSV file, watch it learn, save it, and use it.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, BackendsCommand.class,
                CommandLine.HelpCommand.class})
public final class TinyTorch implements Runnable {

    /** Exit code of a command that did what was asked. */
    public static final int OK = 0;
    /** Exit code of a command that failed: a file, the data or the training went wrong. */
    public static final int FAILURE = 1;
    /** Exit code of a command line that could not be understood. */
    public static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /**
     * The library's own loggers, kept at warnings so that informational start-up lines (such as the plain
     * backend's choice of kernels) do not mix with the command's output; held here so the setting is not
     * garbage-collected with the logger.
     */
    private static final Logger LIBRARY_LOG = Logger.getLogger("dev.tinytorch");

    /** Runs the command line {@code args} and exits the JVM with its exit code. */
    public static void main(String[] args) {
        LIBRARY_LOG.setLevel(Level.WARNING);
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line {@code args}, writing results to {@code out} and messages to {@code err}. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        TinyTorch root = new TinyTorch();
        root.out = out;
        root.err = err;
        CommandLine cli = new CommandLine(root);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine at = e.getCommandLine();
            err.println(at.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()) + " (see '"
                    + at.getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, at, parseResult) -> {
            err.println(at.getCommandSpec().qualifiedName() + ": " + oneLine(describe(e)));
            return FAILURE;
        });
        return cli.execute(args);
    }

    /** Without a command there is nothing to do: that is bad usage. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: train, evaluate, predict or backends");
    }

    /** Where commands print their results. */
    PrintStream out() {
        return out;
    }

    /** Where commands print warnings and progress. */
    PrintStream err() {
        return err;
    }

    /** What went wrong, in the words a person can act on: the file and the problem where there is one. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return e.getMessage() + ": exists and is not a directory";
        }
        if (e.getMessage() == null || e instanceof NullPointerException || e instanceof IndexOutOfBoundsException) {
            return "internal error: " + e;  // a bug, not a user mistake: say what and where to report it
        }
        return e.getMessage();
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** The library version, as recorded in saved models. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tinytorch " + ModelFiles.libraryVersion()};
        }
    }
}
