package org.explaint.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.formats.tf.TfBertReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code fill-mask} subcommand: a masked language model's guesses for each {@code [MASK]}. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = {"Prints the tokens a masked language model finds most probable at each "
                + "[MASK] of a text, with their probabilities (softmax over the whole vocabulary).",
            "A quick check that a model and its masked-LM head were loaded correctly, and a way to "
                + "see what the model 'knows'. Needs a model with its masked-LM head: "
                + "bert-base-uncased has it; sentence-embedding models (minilm, bge-small, "
                + "e5-small) do not."},
        footer = {"", "Example:",
            "  explaint fill-mask --text \"the capital of france is [MASK] .\" --top 5",
            "prints paris first (0.4151 with bert-base-uncased, as in Hugging Face transformers).",
            "Uncased models lower-case the text; write [MASK] in capitals."})
public final class FillMaskCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", defaultValue = TfBertReader.BUILT_IN_NAME,
            description = "A model with a masked-LM head: a built-in name or a path "
                    + "(default ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--text", required = true,
            description = "The text, with one or more [MASK] tokens where words should be guessed.")
    private String text;

    @Option(names = "--top", defaultValue = "5",
            description = "How many candidates to print per mask (default ${DEFAULT-VALUE}).")
    private int top;

    private final Function<String, LoadedModel> loader;

    /** The command as the command line runs it. */
    public FillMaskCommand() {
        this(ModelCatalog::load);
    }

    /** The command with another way to load models (for tests). */
    FillMaskCommand(Function<String, LoadedModel> loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() {
        LoadedModel loaded = loader.apply(model);
        List<MaskFiller.Prediction> predictions = MaskFiller.predict(loaded, text, top);

        PrintWriter out = spec.commandLine().getOut();
        for (MaskFiller.Prediction p : predictions) {
            out.printf(Locale.ROOT, "[MASK] at position %d:%n", p.position());
            int rank = 1;
            for (MaskFiller.Candidate c : p.candidates()) {
                out.printf(Locale.ROOT, "  %2d  %-16s %.4f%n", rank++, c.piece(), c.probability());
            }
        }
        out.flush();
        return 0;
    }
}
