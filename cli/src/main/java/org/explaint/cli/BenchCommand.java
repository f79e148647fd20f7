package org.explaint.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.DataDirectory;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code bench} subcommand: sentences per second with full capture, explaint against ONNX
 * Runtime on the same tokenised treebank sentences.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures how many treebank sentences per second explaint runs while capturing "
                + "every layer's attention pattern and output state, then ONNX Runtime on the same "
                + "tokenised sentences with the same tensors added to its graph outputs (one sentence "
                + "per run, --threads intra-op threads). explaint runs whole sentences on --threads "
                + "workers. Both runtimes first warm up on the first sentences, then run the same five "
                + "chunks of sentences in turn, so that load from other processes falls on both alike. "
                + "The last line gives both rates and their ratio.",
                "Needs an ONNX model (minilm, bge-small, e5-small or an .onnx file)."},
        footer = {"", "Example:",
                "  explaint bench --model minilm --treebank en_ewt-ud-dev.conllu --threads 2 --limit 500"})
public final class BenchCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(BenchCommand.class.getName());
    private static final int ROUNDS = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "An ONNX model: minilm, bge-small, e5-small or a path to an .onnx file.")
    String model;

    @Option(names = "--treebank", paramLabel = "FILE",
            description = "CoNLL-U file whose sentences (FORM column) are run; default: EWT dev from the "
                    + "data directory.")
    Path treebank;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "explaint workers and ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--limit", paramLabel = "N", description = "Run only the first N sentences.")
    Integer limit;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B",
            description = "Sentences per explaint forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--warmup", defaultValue = "100", paramLabel = "N",
            description = "Sentences each runtime runs before timing starts (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || batch < 1 || warmup < 0 || (limit != null && limit < 1)) {
            throw new ExplaintException("--threads and --batch must be at least 1, --limit at least 1 and "
                    + "--warmup at least 0");
        }
        LoadedModel loaded = ModelCatalog.load(model);
        if (!loaded.format().equals("onnx")) {
            throw new ExplaintException("bench compares against ONNX Runtime, which needs an ONNX model; '"
                    + model + "' is a " + loaded.format() + " model");
        }

        // Tokenise every sentence once; both runtimes get the same ids.
        List<int[]> sentences = new ArrayList<>();
        for (List<String> words : forms(treebankPath())) {
            sentences.add(loaded.tokenizer().encodeWords(words).ids());
            if (limit != null && sentences.size() == limit) {
                break;
            }
        }
        long tokens = sentences.stream().mapToLong(s -> s.length).sum();
        LOG.info(() -> sentences.size() + " sentences, " + tokens + " tokens");

        // Both runtimes warm up, then run the same chunks in turn, so load from other processes
        // falls on both alike.
        List<String> captured = fullCapture(loaded.transformer().config());
        double ourSeconds = 0;
        double theirSeconds = 0;
        try (OnnxRuntimeBaseline ort = new OnnxRuntimeBaseline(loaded.source(), threads)) {
            List<int[]> first = sentences.subList(0, Math.min(warmup, sentences.size()));
            runExplaint(loaded.transformer(), first, captured);
            runOnnxRuntime(ort, first);
            int chunk = (sentences.size() + ROUNDS - 1) / ROUNDS;
            for (int start = 0; start < sentences.size(); start += chunk) {
                List<int[]> part = sentences.subList(start, Math.min(start + chunk, sentences.size()));
                ourSeconds += runExplaint(loaded.transformer(), part, captured);
                theirSeconds += runOnnxRuntime(ort, part);
            }
        }
        double ours = sentences.size() / ourSeconds;
        double theirs = sentences.size() / theirSeconds;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s, %d sentences (%d tokens), %d threads, batch %d, full capture%n", model, sentences.size(),
                tokens, threads, batch);
        out.printf("explaint %.1f sent/s, onnxruntime %.1f sent/s, ratio %.2f%n", ours, theirs, ours / theirs);
        out.flush();
        return 0;
    }

    private static List<String> fullCapture(ModelConfig config) {
        List<String> captured = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            captured.add(HookNames.pattern(l));
            captured.add(HookNames.residPost(l));
        }
        return captured;
    }

    // Workers take batches of whole sentences from a shared counter until none are left; seconds.
    private double runExplaint(Transformer transformer, List<int[]> sentences, List<String> captured)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    for (int first = next.getAndAdd(batch); first < sentences.size();
                         first = next.getAndAdd(batch)) {
                        List<TokenSequence> sequences = new ArrayList<>();
                        for (int s = first; s < Math.min(first + batch, sentences.size()); s++) {
                            sequences.add(TokenSequence.of(sentences.get(s)));
                        }
                        transformer.forward(new TokenBatch(sequences), Hooks.capture(captured));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    // One sentence per run, in order; seconds.
    private static double runOnnxRuntime(OnnxRuntimeBaseline ort, List<int[]> sentences) {
        long started = System.nanoTime();
        for (int[] ids : sentences) {
            ort.run(ids);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private Path treebankPath() {
        Path p = treebank != null ? treebank : DataDirectory.defaultTreebank();
        if (p == null || !Files.isRegularFile(p)) {
            throw new ExplaintException("no treebank to run: " + (p == null ? "the data directory "
                    + DataDirectory.root() + " has no ud-english-ewt/en_ewt-ud-dev.conllu" : p + " does not exist")
                    + "; give --treebank FILE.conllu or set EXPLAINT_DATA");
        }
        return p;
    }

    // The FORM column of every integer-ID line, per sentence (multi-word ranges and empty nodes skipped).
    static List<List<String>> forms(Path conllu) throws IOException {
        List<List<String>> sentences = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(conllu)) {
            lineNumber++;
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    sentences.add(current);
                    current = new ArrayList<>();
                }
            } else if (!line.startsWith("#")) {
                String[] cols = line.split("\t");
                if (cols.length < 2) {
                    throw new ExplaintException(conllu + " line " + lineNumber + " has no FORM column; it is "
                            + "not a CoNLL-U file");
                }
                if (cols[0].chars().allMatch(Character::isDigit)) {
                    current.add(cols[1]);
                }
            }
        }
        if (!current.isEmpty()) {
            sentences.add(current);
        }
        if (sentences.isEmpty()) {
            throw new ExplaintException(conllu + " holds no sentences; give a CoNLL-U treebank");
        }
        return sentences;
    }
}
