package org.explaint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.explaint.analysis.tokens.AttentionExample;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.report.ReportWriter;
import org.explaint.runtime.DataDirectory;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code postmortem} subcommand: head probing, token correspondence and feature mapping on
 * one model, with their controls and verdicts, as one HTML report and one JSON file.
 *
 * <p>Each step runs the very subcommand a user would run by hand ({@code heads}, {@code tokens
 * --heads}, {@code map}) with the same seed and thread count, so the report shows exactly what
 * those commands print. Their JSON outputs become the sections of {@code results.json}, beside the
 * run's metadata (command, data files with their SHA-256, seeds, versions, timings).
 */
@Command(name = "postmortem", mixinStandardHelpOptions = true,
        description = {"Runs the whole post-mortem on one model and writes DIR/report.html (one "
                + "self-contained page: verdicts first, then the evidence) and DIR/results.json.",
                "Steps: attention-head probing against dependency relations with an offset baseline "
                        + "and a random-weights control; token correspondence (identifiability per "
                        + "layer, attention rollout and flow) and the verdict on every head claim; "
                        + "feature-norm mapping against five controls and its verdict.",
                "Without --treebank the treebank comes from the data folder (EXPLAINT_DATA, "
                        + "ud-english-ewt/en_ewt-ud-dev.conllu); where there is none, the attention "
                        + "part is skipped with a note and the mapping still runs."},
        footer = {"", "Examples:",
                "  explaint postmortem                      (minilm, EWT dev, WordNet norms)",
                "  explaint postmortem --model bge-small --treebank en_ewt-ud-dev.conllu "
                        + "--norms CONCS_FEATS_concstats_brm.txt --format mcrae --out bge-report",
                "  explaint postmortem --resume             (after an interruption: finished steps "
                        + "are kept in DIR.parts/)",
                "", "Exit codes: 0 report written, 1 user error (explained on stderr), 2 usage error, "
                        + "3 internal error. An interrupted run leaves no half-written report; its "
                        + "finished steps stay in DIR.parts/ for --resume."})
public final class PostmortemCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(PostmortemCommand.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "minilm", paramLabel = "MODEL",
            description = "Built-in name or model path (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--treebank", paramLabel = "FILE",
            description = "CoNLL-U treebank for the attention analyses (default: the data folder's "
                    + "EWT dev file).")
    Path treebank;

    @Option(names = "--norms", defaultValue = "wordnet", paramLabel = "PATH|wordnet",
            description = "Feature norms to map onto (default ${DEFAULT-VALUE}: built from WordNet 3.1).")
    String norms;

    @Option(names = "--format", defaultValue = "mcrae", paramLabel = "FORMAT",
            description = "Format of --norms when it is a file: mcrae, buchanan, binder, brysbaert, csv "
                    + "(default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--mapper", defaultValue = "ridge", paramLabel = "NAME",
            description = "Mapper for the norms: plsr, ridge or mlp (default ${DEFAULT-VALUE}: closed "
                    + "form, the fastest; plsr is the mapper of the studies the post-mortem tests).")
    String mapper;

    @Option(names = "--folds", defaultValue = "5", paramLabel = "K",
            description = "Cross-validation folds of the mapping (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--permutations", defaultValue = "20", paramLabel = "R",
            description = "Repeats of each random mapping control, for the p-values (default "
                    + "${DEFAULT-VALUE}; the smallest reachable p-value is 1/(R+1), so below 20 the "
                    + "mapping can never pass the p < 0.05 rule).")
    int permutations;

    @Option(names = "--out", defaultValue = "explaint-report", paramLabel = "DIR",
            description = "Folder for report.html and results.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--limit", defaultValue = "-1", paramLabel = "N",
            description = "Use only the first N treebank sentences (default: all).")
    int limit;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
            description = "Worker threads (default: the number of processors). Results do not depend on it.")
    int threads;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of every random choice: bootstrap, random model, folds, controls "
                    + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "No progress output; only the final summary.")
    boolean quiet;

    @Option(names = "--resume", description = "Continue an interrupted run of the same command: steps "
            + "already finished (kept in DIR.parts/) are not run again, and head probing and token "
            + "correspondence continue from their last checkpoints. Without it, leftovers of an "
            + "earlier run are discarded.")
    boolean resume;

    @Override
    public Integer call() throws IOException {
        Instant started = Instant.now();
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (quiet) {
            Progress.silence();
        }
        LoadedModel loaded = ModelCatalog.load(model);
        Path treebankFile = treebank != null ? requireFile(treebank) : DataDirectory.defaultTreebank();

        ObjectNode results = JSON.createObjectNode();
        ObjectNode metadata = results.putObject("metadata");
        ObjectNode timings = JSON.createObjectNode();
        Path parts = partsFolder();
        boolean finished = false;
        try {
            // Attention: head probing, then token correspondence re-scoring its claims.
            if (treebankFile == null) {
                String reason = "no treebank: none was given with --treebank and the data folder ("
                        + DataDirectory.root() + ") has no ud-english-ewt/en_ewt-ud-dev.conllu; "
                        + "pass --treebank FILE.conllu or set EXPLAINT_DATA to a folder that has it";
                results.putObject("heads").put("skipped", reason);
                results.putObject("tokens").put("skipped", reason);
                LOG.warning(reason);
            } else {
                Path heads = parts.resolve("heads.json");
                List<String> headsArgs = new ArrayList<>(List.of("--model", model, "--treebank",
                        treebankFile.toString(), "--out", heads.toString(), "--limit", String.valueOf(limit),
                        "--threads", String.valueOf(workers), "--seed", String.valueOf(seed)));
                if (resume) {
                    headsArgs.add("--resume");
                }
                results.set("heads", step("heads", timings, heads, new HeadsCommand(),
                        headsArgs.toArray(String[]::new)));
                Path tokens = parts.resolve("tokens.json");
                List<String> tokensArgs = new ArrayList<>(List.of("--model", model, "--treebank",
                        treebankFile.toString(), "--heads", heads.toString(), "--out", tokens.toString(),
                        "--limit", String.valueOf(limit), "--threads", String.valueOf(workers),
                        "--seed", String.valueOf(seed)));
                if (resume) {
                    tokensArgs.add("--resume");
                }
                ObjectNode tokensNode = (ObjectNode) step("tokens", timings, tokens, new TokensCommand(),
                        tokensArgs.toArray(String[]::new));
                tokensNode.set("example", JSON.valueToTree(example(loaded, treebankFile)));
                results.set("tokens", tokensNode);
            }

            // Feature mapping with its controls.
            Path map = parts.resolve("map.json");
            List<String> mapArgs = new ArrayList<>(List.of("--model", model, "--norms", norms,
                    "--mapper", mapper, "--out", map.toString(), "--seed", String.valueOf(seed),
                    "--folds", String.valueOf(folds), "--permutations", String.valueOf(permutations),
                    "--threads", String.valueOf(workers)));
            if (!norms.equals("wordnet")) {
                mapArgs.addAll(List.of("--format", format));
            }
            results.set("mapping", step("mapping", timings, map, new MapCommand(),
                    mapArgs.toArray(String[]::new)));

            // Metadata: what ran, on which files, with which seeds and versions.
            metadata.put("model", model);
            metadata.put("model_file", loaded.source().toString());
            metadata.put("command", commandLine());
            ArrayNode files = metadata.putArray("data_files");
            addFile(files, loaded.source());
            if (treebankFile != null) {
                addFile(files, treebankFile);
            }
            if (!norms.equals("wordnet")) {
                addFile(files, Path.of(norms));
            }
            metadata.putObject("seeds").put("seed", seed);
            ObjectNode versions = metadata.putObject("versions");
            versions.put("explaint", "0.1.0");
            versions.put("java", Runtime.version().toString());
            metadata.put("threads", workers);
            metadata.set("timings", timings);
            metadata.put("started", started.toString());
            metadata.put("finished", Instant.now().toString());

            Path report = ReportWriter.write(results, out);
            spec.commandLine().getOut().printf("wrote %s and %s%n", report,
                    report.resolveSibling(ReportWriter.RESULTS_FILE));
            finished = true;
            return 0;
        } finally {
            if (finished) {
                deleteTree(parts);
            } else {
                LOG.warning("the finished steps are kept in " + parts + "; the same command with --resume "
                        + "continues from there");
            }
        }
    }

    /**
     * DIR.parts/ beside the report folder: each finished step's JSON, its time, and the head
     * probe's checkpoint. Kept when a run fails or is killed, so that --resume can continue;
     * removed once the report is written. {@code run.txt} names the settings it belongs to.
     */
    private Path partsFolder() throws IOException {
        Path folder = out.toAbsolutePath().resolveSibling(out.getFileName() + ".parts");
        String key = String.join("\n", "postmortem", "model=" + model, "treebank=" + treebank,
                "norms=" + norms, "format=" + format, "mapper=" + mapper, "folds=" + folds,
                "permutations=" + permutations, "limit=" + limit, "seed=" + seed);
        Path runFile = folder.resolve("run.txt");
        if (resume && Files.isRegularFile(runFile)) {
            String found = Files.readString(runFile);
            if (!found.equals(key)) {
                throw new ExplaintException("the unfinished run in " + folder + " had other settings:\n"
                        + found + "\nthis run has:\n" + key + "\nrerun it with its own settings and "
                        + "--resume, or leave out --resume to start over");
            }
            LOG.info("resuming from " + folder);
            return folder;
        }
        if (Files.exists(folder)) {
            LOG.warning("discarding the unfinished run in " + folder
                    + (resume ? "" : " (pass --resume to continue it)"));
            deleteTree(folder);
        }
        createFolder(folder);
        Files.writeString(runFile, key);
        return folder;
    }

    // Runs one analysis subcommand exactly as the command line would, and reads back its JSON.
    // A step whose output is already in the parts folder (from an interrupted run resumed with
    // --resume) is read back with its recorded time instead of being run again.
    private JsonNode step(String name, ObjectNode timings, Path output, Callable<Integer> command,
                          String... args) {
        long t0 = System.nanoTime();
        Path seconds = output.resolveSibling(name + ".seconds");
        try {
            if (resume && Files.isRegularFile(output) && Files.isRegularFile(seconds)) {
                LOG.info(() -> "postmortem: " + name + " finished before the interruption; reusing it");
                timings.put(name + "_seconds", Double.parseDouble(Files.readString(seconds)));
                return JSON.readTree(output.toFile());
            }
            LOG.info(() -> "postmortem: " + name + " ...");
            CommandLine cli = new CommandLine(command);
            cli.parseArgs(args);
            command.call();
            JsonNode node = JSON.readTree(output.toFile());
            double took = Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
            timings.put(name + "_seconds", took);
            Files.writeString(seconds, Double.toString(took));
            return node;
        } catch (ExplaintException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " step failed", e);
        }
    }

    // The viewer's sentence: the first treebank sentence of 6 to 14 words.
    private static AttentionExample example(LoadedModel loaded, Path treebankFile) {
        try (Treebank t = Treebank.open(treebankFile, true)) {
            Sentence first = null;
            while (t.hasNext()) {
                Sentence s = t.next();
                first = first == null ? s : first;
                if (s.forms().size() >= 6 && s.forms().size() <= 14) {
                    return AttentionExample.of(loaded.transformer(), loaded.tokenizer(), s.forms());
                }
            }
            return first == null ? null : AttentionExample.of(loaded.transformer(), loaded.tokenizer(),
                    first.forms());
        }
    }

    private String commandLine() {
        List<String> words = new ArrayList<>(List.of("explaint"));
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        if (given.isEmpty() || !given.get(0).equals("postmortem")) {
            words.add("postmortem");
        }
        words.addAll(given);
        return String.join(" ", words);
    }

    private static void addFile(ArrayNode files, Path file) {
        ObjectNode f = files.addObject();
        f.put("path", file.toAbsolutePath().toString());
        f.put("sha256", sha256(file));
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ExplaintException("cannot read " + file + " to record its checksum: " + e.getMessage(), e);
        }
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ExplaintException("the treebank " + file + " does not exist or is not a file; "
                    + "pass a CoNLL-U file to --treebank");
        }
        return file;
    }

    private static Path createFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        return folder;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
