package org.explaint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.formats.safetensors.SafetensorsWriter;
import org.explaint.runtime.ActivationCache;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.text.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code trace} subcommand: runs a model on one text and saves the activations it captured. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Runs a model on one text and writes every captured activation, under its hook "
                + "name, to a safetensors file (readable with safetensors.numpy.load_file or "
                + "safetensors.torch.load_file). The pieces, their ids and the word each piece belongs to "
                + "go into the file's __metadata__ and into a JSON sidecar <out>.tokens.json.",
                "Hook names: embed, blocks.L.attn.q|k|v|scores|pattern|z|result|out, blocks.L.resid_mid, "
                        + "blocks.L.mlp.pre|post|out, blocks.L.resid_post, final_norm, logits."},
        footer = {"", "Example:",
                "  explaint trace --model minilm --text \"The cat sat on the mat.\" --out cat.safetensors "
                        + "--hooks 'blocks\\.\\d+\\.attn\\.pattern'"})
public final class TraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "Built-in name (minilm, bge-small, e5-small, bert-base-uncased) or a model path.")
    String model;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The text to run.")
    String text;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The safetensors file to write; the token sidecar goes beside it.")
    Path out;

    @Option(names = "--hooks", paramLabel = "REGEX", defaultValue = ".*",
            description = "Capture only hook points whose whole name matches this regular expression "
                    + "(default: every hook point).")
    String hooks;

    @Override
    public Integer call() throws IOException {
        Hooks capture = hooks();
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new ExplaintException("cannot write " + out + ": the folder " + folder + " does not exist; "
                    + "create it or choose another --out");
        }
        LoadedModel loaded = ModelCatalog.load(model);

        // Tokenise and run once, capturing the chosen hook points.
        Encoding encoding = loaded.tokenizer().encode(text);
        loaded.transformer().forward(TokenBatch.of(new TokenSequence(encoding.ids(), encoding.segments())),
                capture);
        ActivationCache cache = capture.cache(0);
        if (cache.names().isEmpty()) {
            throw new ExplaintException("--hooks '" + hooks + "' matches no hook point of " + model
                    + "; its hook points are " + String.join(", ",
                    HookNames.all(loaded.transformer().config()).subList(0, 6)) + ", ... (see --help)");
        }

        // The tensors with the tokens as metadata, then the sidecar.
        ObjectMapper json = new ObjectMapper();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("model", model);
        metadata.put("text", text);
        metadata.put("pieces", json.writeValueAsString(encoding.pieces()));
        metadata.put("ids", json.writeValueAsString(encoding.ids()));
        metadata.put("word_of", json.writeValueAsString(encoding.wordOf()));
        Path sidecar = sidecar(out);
        try {
            SafetensorsWriter.write(out, cache.asMap(), metadata);
            ObjectNode tokens = json.createObjectNode();
            tokens.put("model", model);
            tokens.put("text", text);
            tokens.putPOJO("pieces", encoding.pieces());
            tokens.putPOJO("ids", encoding.ids());
            tokens.putPOJO("word_of", encoding.wordOf());
            json.writerWithDefaultPrettyPrinter().writeValue(sidecar.toFile(), tokens);
        } catch (IOException e) {
            throw new ExplaintException("cannot write " + out + " or " + sidecar + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); choose an output path in a folder that exists and is writable", e);
        }

        long bytes = cache.asMap().values().stream().mapToLong(t -> 4L * t.size()).sum();
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %d tensors (%.1f MB) for %d tokens to %s, tokens to %s%n",
                cache.names().size(), bytes / 1e6, encoding.length(), out, sidecar);
        printer.flush();
        return 0;
    }

    private Hooks hooks() {
        try {
            return Hooks.captureMatching(hooks);
        } catch (PatternSyntaxException e) {
            throw new ExplaintException("--hooks '" + hooks + "' is not a valid regular expression: "
                    + e.getDescription() + "; e.g. 'blocks\\.\\d+\\.attn\\.pattern'");
        }
    }

    // F.safetensors -> F.tokens.json, beside it.
    static Path sidecar(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length())
                : name;
        return out.resolveSibling(stem + ".tokens.json");
    }
}
