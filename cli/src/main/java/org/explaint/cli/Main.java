package org.explaint.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.explaint.runtime.ExplaintException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code explaint} command: one subcommand per task.
 *
 * <p>Exit codes: 0 success; 1 a user error (bad file, bad value, missing input), printed as one
 * paragraph without a stack trace; 2 a usage error (unknown option); 3 an internal error (a bug:
 * the stack trace is printed so it can be reported).
 */
@Command(name = "explaint", mixinStandardHelpOptions = true, version = "explaint 0.1.0",
        description = "Looks inside transformer language models and tells whether an explanation drawn "
                + "from their internals is warranted.",
        footer = {"", "Exit codes: 0 success, 1 user error (bad input, explained on stderr), "
                + "2 usage error, 3 internal error.",
                "Models: built-in names minilm, bge-small, e5-small, bert-base-uncased, or a path to a "
                        + "Hugging Face directory or an .onnx file.",
                "Data: EXPLAINT_DATA names the folder with treebanks and norms "
                        + "(default ~/.cache/explaint/data)."},
        subcommands = {CommandLine.HelpCommand.class, TraceCommand.class, BenchCommand.class,
                HeadsCommand.class, FillMaskCommand.class,
                GenerateCommand.class, LensCommand.class, BenchDecoderCommand.class})
public final class Main {
    /** Exit code for errors the user can fix. */
    public static final int USER_ERROR = 1;
    /** Exit code for internal errors. */
    public static final int INTERNAL_ERROR = 3;

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ExplaintException) {
                commandLine.getErr().println("explaint: " + ex.getMessage());
                LOG.log(Level.FINE, "user error", ex);
                return USER_ERROR;
            }
            commandLine.getErr().println("explaint: internal error, please report it with the command you ran:");
            ex.printStackTrace(commandLine.getErr());
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }
}
