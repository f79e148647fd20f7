package org.explaint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import org.explaint.analysis.tokens.ClaimRescorer;
import org.explaint.analysis.tokens.ClaimTally;
import org.explaint.analysis.tokens.ClaimVerdict;
import org.explaint.analysis.tokens.CorrespondenceAccumulator;
import org.explaint.analysis.tokens.CorrespondenceResult;
import org.explaint.analysis.tokens.CorrespondenceSettings;
import org.explaint.analysis.tokens.DependencySentence;
import org.explaint.analysis.tokens.FittedMaps;
import org.explaint.analysis.tokens.HeadClaims;
import org.explaint.analysis.tokens.LayerCorrespondence;
import org.explaint.analysis.tokens.MapFitter;
import org.explaint.analysis.tokens.SentenceBootstrap;
import org.explaint.analysis.tokens.SentenceListener;
import org.explaint.analysis.tokens.SentenceStates;
import org.explaint.analysis.tokens.StateExtractor;
import org.explaint.analysis.tokens.TokenCorrespondence;
import org.explaint.analysis.tokens.TokensReport;
import org.explaint.analysis.tokens.VerdictRule;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.TokenSequence;
import org.explaint.text.Encoding;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;
import org.explaint.text.conllu.Word;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code explaint tokens}: do layer-l states still stand for their tokens? Identifiability per
 * layer under three maps, attention rollout and flow self-shares, and (with {@code --heads})
 * head-probing claims re-scored through the rollout with a verdict each.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = {"Tests whether each layer's states still stand for their input tokens, the "
                + "assumption behind reading a head as 'word i attends to word j'.",
                "Per layer: identifiability (Brunner et al. 2020) - is the state at position i, mapped "
                        + "to the input space (identity, ridge linear map, tanh MLP; maps fitted on "
                        + "training sentences, scored on held-out ones), nearest by cosine to position i's "
                        + "input among the sentence's positions - against 'embed' and against the raw token "
                        + "embedding; and the share of attention rollout and attention flow (Abnar & "
                        + "Zuidema 2020) that stays on a position's own token. Flow is costly and is "
                        + "computed only for sentences up to --flow-max-length positions.",
                "With --heads, each relation's best head from 'explaint heads' is re-scored after "
                        + "re-attributing its attention through the rollout of the blocks below it, and "
                        + "labelled warranted / weak / not warranted by a printed rule."},
        footer = {"", "Long runs checkpoint each pass every --checkpoint-every sentences into "
                + "OUT.checkpoint/ (written atomically, removed once OUT is written); after a crash or "
                + "kill, the same command with --resume continues and writes the same bytes an "
                + "uninterrupted run would.",
                "", "Example:",
                "  explaint tokens --model minilm --treebank en_ewt-ud-dev.conllu --threads 2 "
                        + "--heads heads.json --out tokens.json"})
public final class TokensCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(TokensCommand.class.getName());

    @Option(names = "--model", required = true,
            description = "Built-in model name (minilm, bge-small, ...) or a path to a model.")
    String model;

    @Option(names = "--treebank", required = true, description = "CoNLL-U file whose sentences are fed to the model.")
    Path treebank;

    @Option(names = "--limit", defaultValue = "0", description = "Use at most this many sentences (0: all).")
    int limit;

    @Option(names = "--threads", defaultValue = "1",
            description = "Worker threads; results are identical for any count (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "13",
            description = "Seed of the train/held-out split, the MLP and the bootstrap (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--flow-max-length", defaultValue = "20",
            description = "Compute attention flow only for sentences of at most this many positions, "
                    + "special tokens included; 0 turns flow off. Flow costs about n^4 per sentence of n "
                    + "positions (default ${DEFAULT-VALUE}).")
    int flowMaxLength;

    @Option(names = "--train-fraction", defaultValue = "0.3",
            description = "Share of sentences the linear and MLP maps are fitted on (default ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(names = "--resamples", defaultValue = "1000",
            description = "Bootstrap resamples for the 95%% intervals (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--heads", description = "heads.json from 'explaint heads': re-score and judge its claims.")
    Path heads;

    @Option(names = "--out", required = true, description = "Where to write the JSON result.")
    Path out;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "250",
            description = "Sentences between checkpoints into OUT.checkpoint/ (default ${DEFAULT-VALUE}; "
                    + "0: none).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from OUT.checkpoint/ left by an interrupted run "
            + "of the same command; the output is the same bytes an uninterrupted run writes.")
    boolean resume;

    private final Function<String, LoadedModel> loader;
    private final UnaryOperator<org.explaint.runtime.Hooks> interventions;

    /** The command as the launcher builds it. */
    public TokensCommand() {
        this(ModelCatalog::load, UnaryOperator.identity());
    }

    /** A command with its model loader and pass interventions replaced (for tests). */
    TokensCommand(Function<String, LoadedModel> loader, UnaryOperator<org.explaint.runtime.Hooks> interventions) {
        this.loader = loader;
        this.interventions = interventions;
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        if (threads < 1 || !(trainFraction > 0 && trainFraction < 1) || flowMaxLength < 0 || resamples < 10) {
            throw new ExplaintException("invalid settings: --threads must be >= 1 (got " + threads
                    + "), --train-fraction in (0, 1) (got " + trainFraction + "), --flow-max-length >= 0 (got "
                    + flowMaxLength + "), --resamples >= 10 (got " + resamples + ")");
        }
        LoadedModel loaded = loader.apply(model);
        ModelConfig config = loaded.transformer().config();

        // Sentences: encode each treebank sentence's words; drop those too long for the model.
        List<DependencySentence> all = readTreebank(treebank, limit);
        List<DependencySentence> sentences = new ArrayList<>();
        List<Encoding> encodings = new ArrayList<>();
        int tooLong = 0;
        for (DependencySentence s : all) {
            Encoding e = loaded.tokenizer().encodeWords(s.forms());
            if (e.length() > config.maxPositions()) {
                tooLong++;
                continue;
            }
            sentences.add(s);
            encodings.add(e);
        }
        if (encodings.size() < 2) {
            throw new ExplaintException(treebank + " gave " + encodings.size() + " usable sentences; the "
                    + "analysis needs at least 2 (one to fit maps on, one to score)");
        }
        final int skipped = tooLong;
        LOG.info(() -> "tokens: " + encodings.size() + " sentences from " + treebank + " (" + skipped
                + " longer than the model's " + config.maxPositions() + " positions skipped)");
        List<TokenSequence> sequences = encodings.stream()
                .map(e -> new TokenSequence(e.ids(), e.segments())).toList();

        // Claims from head probing, re-scored inside the same forward passes.
        VerdictRule rule = VerdictRule.standard();
        ClaimRescorer rescorer = heads == null ? null
                : new ClaimRescorer(HeadClaims.read(heads), config.layers(), config.heads());
        AtomicReference<ClaimTally> claimSink = new AtomicReference<>(new ClaimTally());
        SentenceListener listener = rescorer == null ? SentenceListener.none()
                : s -> claimSink.get().add(rescorer.observe(s, encodings.get(s.sentenceId()),
                        sentences.get(s.sentenceId())));

        // Identifiability, rollout and flow.
        StateExtractor extractor = new StateExtractor(loaded.transformer(), interventions);
        CorrespondenceSettings settings = new CorrespondenceSettings(threads, seed, trainFraction, flowMaxLength,
                resamples, MapFitter.Settings.defaults(seed));
        TokenCorrespondence analysis = new TokenCorrespondence(extractor, settings);
        Checkpoints checkpoints = Checkpoints.open(out, runKey(), resume);
        CorrespondenceResult result;
        ClaimTally tally = new ClaimTally();
        try (ProgressBar bar = Progress.bar("tokens", sequences.size(), " sent")) {
            TokenCorrespondence.Split split = analysis.split(sequences);
            Set<Integer> fitting = Arrays.stream(split.fitting()).boxed().collect(Collectors.toSet());
            Map<Integer, SentenceStates> kept = new ConcurrentHashMap<>();
            SentenceListener counted = states -> {
                listener.accept(states);
                if (fitting.contains(states.sentenceId())) {
                    kept.put(states.sentenceId(), states);
                }
                bar.step();
            };

            // Pass 1 over the training sentences, then the maps (from states kept in pass 1, or
            // recomputed for sentences a resumed run scored before its interruption), then pass 2.
            PassState first = pass("pass1", analysis, sequences, split.training(), null, counted, claimSink,
                    checkpoints, bar);
            FittedMaps maps = analysis.fitMaps(split, id -> {
                SentenceStates s = kept.get(id);
                return s != null ? s : analysis.states(id, sequences.get(id));
            });
            kept.clear();
            PassState second = pass("pass2", analysis, sequences, split.heldOut(), maps, counted, claimSink,
                    checkpoints, bar);

            CorrespondenceAccumulator total = first.accumulator();
            total.merge(second.accumulator());
            tally.merge(first.claims());
            tally.merge(second.claims());
            result = analysis.summarise(total, maps);
        }

        List<ClaimVerdict> verdicts = null;
        if (rescorer != null) {
            verdicts = rescorer.judge(tally.sorted(), result, rule, new SentenceBootstrap(resamples, seed));
            System.err.println(rule.text());
            for (ClaimVerdict v : verdicts) {
                System.err.printf("  %-12s L%d H%d %-9s raw %.3f  rollout %.3f  baseline %.3f  ident %.3f  -> %s%n",
                        v.relation(), v.layer(), v.head(), v.direction(), v.rawScore().rate(),
                        v.rolloutScore().rate(), v.baselineScore(), v.identifiability(), v.verdict());
            }
        }
        var run = new TokensReport.Run(model, treebank.toString(), config.family(), skipped, seed, flowMaxLength);
        Map<String, Object> json = TokensReport.document(run, result, verdicts, rule);
        // the time goes to stdout, not into the JSON, which must be the same on every run
        double seconds = (System.nanoTime() - started) / 1e9;

        // Write the JSON, then a one-line-per-layer table.
        try {
            Path temporary = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
            TokensReport.mapper().writeValue(temporary.toFile(), json);
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            checkpoints.discard();
        } catch (IOException e) {
            throw new ExplaintException("cannot write " + out + ": " + e.getMessage() + "; check the folder exists "
                    + "and is writable");
        }
        System.out.println("layer  identity(embed)  linear(embed)  mlp(embed)  identity(token)"
                + "  rollout_self  flow_self");
        for (LayerCorrespondence l : result.layers()) {
            var e = l.identifiability().get("against_embed");
            var t = l.identifiability().get("against_token_embedding");
            System.out.printf("%-6s %15.3f %14.3f %11.3f %16.3f %13.3f %10.3f%n", l.layer(),
                    e.get("identity").rate(), e.get("linear").rate(), e.get("mlp").rate(),
                    t.get("identity").rate(), l.rolloutSelfShare().rate(), l.flowSelfShare().rate());
        }
        System.out.printf("wrote %s (%.1f s)%n", out, seconds);
        return 0;
    }

    /** The first {@code limit} sentences (all for 0 or less) as words, heads and universal relations. */
    private static List<DependencySentence> readTreebank(Path file, int limit) {
        List<DependencySentence> out = new ArrayList<>();
        try (Treebank t = Treebank.open(file, false)) {
            while (t.hasNext() && (limit <= 0 || out.size() < limit)) {
                Sentence s = t.next();
                List<Word> words = s.words();
                out.add(new DependencySentence(s.forms(), words.stream().mapToInt(Word::head).toArray(),
                        words.stream().map(Word::relation).toArray(String[]::new)));
            }
        }
        return out;
    }

    /** A pass's accumulated observations and claim observations. */
    private record PassState(CorrespondenceAccumulator accumulator, ClaimTally claims) {
    }

    /**
     * Scores the sentences {@code ids} of one pass in chunks of {@code --checkpoint-every},
     * saving the pass's state after each chunk; a resumed run starts after the sentences its
     * checkpoint holds. Chunks are scored in id order and accumulators sort by id, so the state
     * is the same however the pass was cut.
     */
    private PassState pass(String name, TokenCorrespondence analysis, List<TokenSequence> sequences, int[] ids,
                           FittedMaps maps, SentenceListener listener, AtomicReference<ClaimTally> claimSink,
                           Checkpoints checkpoints, ProgressBar bar) {
        CorrespondenceAccumulator accumulator = null;
        ClaimTally claims = new ClaimTally();
        String saved = checkpoints.readText(name);
        if (saved != null) {
            try {
                JsonNode node = TokensReport.mapper().readTree(saved);
                accumulator = CorrespondenceAccumulator.fromJson(node.get("accumulator").asText());
                claims = ClaimTally.fromJson(node.get("claims").asText());
            } catch (IOException | RuntimeException e) {
                throw new ExplaintException("the checkpoint of " + name + " is damaged (" + e.getMessage()
                        + "); delete " + out + ".checkpoint and run without --resume", e);
            }
            bar.stepBy(accumulator.sentences().size());
        }
        int done = accumulator == null ? 0 : accumulator.sentences().size();
        int every = checkpointEvery > 0 ? checkpointEvery : Integer.MAX_VALUE;
        for (int from = done; from < ids.length; from = (int) Math.min(ids.length, (long) from + every)) {
            int[] chunk = Arrays.copyOfRange(ids, from, (int) Math.min(ids.length, (long) from + every));
            claimSink.set(new ClaimTally());
            CorrespondenceAccumulator part = analysis.score(sequences::get, chunk, maps, listener);
            if (accumulator == null) {
                accumulator = part;
            } else {
                accumulator.merge(part);
            }
            claims.merge(claimSink.get());
            if (checkpointEvery > 0) {
                ObjectNode state = TokensReport.mapper().createObjectNode();
                state.put("accumulator", accumulator.toJson());
                state.put("claims", claims.toJson());
                checkpoints.writeText(name, state.toString());
            }
        }
        if (accumulator == null) {
            accumulator = analysis.score(sequences::get, new int[0], maps, listener);
        }
        return new PassState(accumulator, claims);
    }

    // Everything that changes the numbers; a checkpoint is only resumed by the same run.
    private String runKey() {
        return String.join("\n", "tokens", "model=" + model, "treebank=" + treebank.toAbsolutePath(),
                "limit=" + limit, "seed=" + seed, "flow-max-length=" + flowMaxLength,
                "train-fraction=" + trainFraction, "resamples=" + resamples,
                "heads=" + (heads == null ? "" : heads.toAbsolutePath()));
    }
}
