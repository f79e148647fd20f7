package org.explaint.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import me.tongfei.progressbar.ProgressBar;
import org.explaint.analysis.tokens.ClaimRescorer;
import org.explaint.analysis.tokens.ClaimTally;
import org.explaint.analysis.tokens.ClaimVerdict;
import org.explaint.analysis.tokens.CorrespondenceResult;
import org.explaint.analysis.tokens.CorrespondenceSettings;
import org.explaint.analysis.tokens.DependencySentence;
import org.explaint.analysis.tokens.HeadClaims;
import org.explaint.analysis.tokens.LayerCorrespondence;
import org.explaint.analysis.tokens.MapFitter;
import org.explaint.analysis.tokens.SentenceBootstrap;
import org.explaint.analysis.tokens.SentenceListener;
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
        footer = {"", "Example:",
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
            description = "Bootstrap resamples for the 95% intervals (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--heads", description = "heads.json from 'explaint heads': re-score and judge its claims.")
    Path heads;

    @Option(names = "--out", required = true, description = "Where to write the JSON result.")
    Path out;

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
        ClaimTally tally = new ClaimTally();
        SentenceListener listener = rescorer == null ? SentenceListener.none()
                : s -> tally.add(rescorer.observe(s, encodings.get(s.sentenceId()), sentences.get(s.sentenceId())));

        // Identifiability, rollout and flow.
        StateExtractor extractor = new StateExtractor(loaded.transformer(), interventions);
        CorrespondenceSettings settings = new CorrespondenceSettings(threads, seed, trainFraction, flowMaxLength,
                resamples, MapFitter.Settings.defaults(seed));
        CorrespondenceResult result;
        try (ProgressBar bar = Progress.bar("tokens", sequences.size(), " sent")) {
            SentenceListener counted = states -> {
                listener.accept(states);
                bar.step();
            };
            result = new TokenCorrespondence(extractor, settings).run(sequences, counted);
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
            TokensReport.mapper().writeValue(out.toFile(), json);
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
}
