package org.explaint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.explaint.analysis.lens.LensPrediction;
import org.explaint.analysis.lens.LogitLens;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code explaint lens}: the logit lens of a text, layer by layer. */
@Command(name = "lens", mixinStandardHelpOptions = true,
        description = {"Shows what a causal language model would predict if it stopped after each layer "
                + "(the logit lens): the residual stream after the embedding and after every block is "
                + "passed through the model's final norm and unembedding.",
                "For each position the table lists, per layer, the most probable next tokens with their "
                        + "probabilities; the last layer is the model's real prediction."},
        footer = {"", "Example:",
                "  explaint lens --model data/models/stories260K/stories260K.bin --text \"Once upon a time\" "
                        + "--top 3 --json lens.json"})
public final class LensCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model: a .gguf file, a llama2.c .bin, or a "
            + "Hugging Face causal-LM directory.")
    String model;

    @Option(names = "--text", required = true, description = "The text to read.")
    String text;

    @Option(names = "--top", defaultValue = "5", description = "Tokens shown per layer and position "
            + "(default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Also write every layer's top tokens and probabilities here.")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new ExplaintException("--top must be at least 1, got " + top);
        }
        LoadedModel loaded = CausalModels.load(model);
        Tokenizer tokenizer = loaded.tokenizer();
        Encoding encoding = tokenizer.encode(text);
        if (encoding.length() > loaded.transformer().config().maxPositions()) {
            throw new ExplaintException("the text has " + encoding.length() + " tokens but " + model
                    + " reads at most " + loaded.transformer().config().maxPositions() + "; shorten it");
        }
        LogitLens lens = new LogitLens(loaded.transformer());
        List<String> layers = lens.layers();
        List<List<List<LensPrediction>>> result = lens.top(top, encoding.ids());

        // One block per position: the input piece, then a line per layer.
        PrintWriter out = spec.commandLine().getOut();
        int width = layers.stream().mapToInt(String::length).max().orElse(5);
        for (int p = 0; p < encoding.length(); p++) {
            out.printf("position %d, input %s, predicting the next token:%n", p, quote(encoding.pieces().get(p)));
            for (int l = 0; l < layers.size(); l++) {
                StringBuilder line = new StringBuilder(String.format("  %-" + width + "s ", layers.get(l)));
                for (LensPrediction pr : result.get(l).get(p)) {
                    line.append(String.format(" %s %.3f", quote(tokenizer.piece(pr.token())), pr.probability()));
                }
                out.println(line);
            }
        }
        out.flush();

        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", model);
            doc.put("text", text);
            doc.put("tokens", encoding.ids());
            doc.put("pieces", encoding.pieces());
            doc.put("layers", layers);
            List<Object> perLayer = new ArrayList<>();
            for (List<List<LensPrediction>> layer : result) {
                List<Object> positions = new ArrayList<>();
                for (List<LensPrediction> preds : layer) {
                    List<Object> row = new ArrayList<>();
                    for (LensPrediction pr : preds) {
                        // a LinkedHashMap, not Map.of: Map.of's order changes from one JVM to the next
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("token", pr.token());
                        entry.put("piece", tokenizer.piece(pr.token()));
                        entry.put("logit", pr.logit());
                        entry.put("probability", pr.probability());
                        row.add(entry);
                    }
                    positions.add(row);
                }
                perLayer.add(positions);
            }
            doc.put("top", perLayer);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
        }
        return 0;
    }

    private static String quote(String piece) {
        return "'" + piece.replace("\n", "\\n") + "'";
    }
}
