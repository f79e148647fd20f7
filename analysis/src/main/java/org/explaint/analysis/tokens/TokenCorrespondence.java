package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.logging.Logger;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.kernels.ParallelRanges;

/**
 * Measures, per layer, whether the states still stand for their tokens: identifiability under
 * three maps (Brunner et al., 2020) and the self-share of attention rollout and flow (Abnar and
 * Zuidema, 2020).
 *
 * <p>The sentences are split by a seeded shuffle into training and held-out sets. Pass 1 runs
 * the training sentences (identity map, rollout, flow) and keeps the states the fit needs; the
 * linear and MLP maps are then fitted on those training sentences only; pass 2 runs the
 * held-out sentences with every map. Each sentence is run once. Workers score contiguous chunks
 * into their own {@link CorrespondenceAccumulator}s, which keep sentences sorted by id, so any
 * thread count gives the same result.
 *
 * <p>{@link #run} does it all on one machine. The steps are public too ({@link #split},
 * {@link #score}, {@link #fitMaps}, {@link #summarise}) so a distributed run (the Spark module)
 * can score parts of each pass elsewhere and give the same result.
 */
public final class TokenCorrespondence {
    private static final Logger LOG = Logger.getLogger(TokenCorrespondence.class.getName());

    private final StateExtractor extractor;
    private final CorrespondenceSettings settings;

    /** A run over a model's states with these settings. */
    public TokenCorrespondence(StateExtractor extractor, CorrespondenceSettings settings) {
        this.extractor = extractor;
        this.settings = settings;
    }

    /** The sentence ids the maps are fitted on, ascending: a seeded shuffle's first share. */
    public static int[] trainingSplit(int sentences, double trainFraction, long seed) {
        int[] order = new int[sentences];
        for (int i = 0; i < sentences; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
        for (int i = sentences - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int train = (int) Math.round(sentences * trainFraction);
        train = Math.max(1, Math.min(sentences - 1, train));
        int[] ids = Arrays.copyOf(order, train);
        Arrays.sort(ids);
        return ids;
    }

    /** Runs both passes over the sentences (token ids with special tokens). */
    public CorrespondenceResult run(List<TokenSequence> sentences) {
        return run(sentences, SentenceListener.none());
    }

    /**
     * Runs both passes, handing every sentence's states to {@code listener} once.
     *
     * @param sentences token ids with special tokens; the list index is the sentence id
     * @param listener  another analysis sharing the forward passes (thread-safe)
     */
    public CorrespondenceResult run(List<TokenSequence> sentences, SentenceListener listener) {
        Split split = split(sentences);
        Set<Integer> fitting = new HashSet<>();
        for (int id : split.fitting()) {
            fitting.add(id);
        }

        // Pass 1: training sentences (identity, rollout, flow only); keep the fitting ones' states.
        Map<Integer, SentenceStates> kept = new ConcurrentHashMap<>();
        LOG.info(() -> "pass 1: " + split.training().length + " training sentences");
        CorrespondenceAccumulator total = score(sentences::get, split.training(), null, listener, s -> {
            if (fitting.contains(s.sentenceId())) {
                kept.put(s.sentenceId(), s);
            }
        });

        // Fit the maps; they can read only the training sentences' states.
        FittedMaps maps = fitMaps(split, id -> {
            SentenceStates s = kept.get(id);
            if (s == null) {
                throw new IllegalStateException("map fitting asked for sentence " + id
                        + ", which is not a kept training sentence");
            }
            return s;
        });
        kept.clear();

        // Pass 2: held-out sentences, every map.
        LOG.info(() -> "pass 2: " + split.heldOut().length + " held-out sentences");
        total.merge(score(sentences::get, split.heldOut(), maps, listener, s -> { }));
        return summarise(total, maps);
    }

    /**
     * Which sentences play which part; the same for every way of running the analysis.
     *
     * @param training sentence ids the maps are fitted on (pass 1), ascending
     * @param heldOut  the other sentence ids, scored with every map (pass 2), ascending
     * @param fitting  the training ids whose rows the fit takes: ascending ids up to the row cap
     */
    public record Split(int[] training, int[] heldOut, int[] fitting) {
    }

    /** Splits the sentences into training and held-out ones, and picks the fitting sentences. */
    public Split split(List<TokenSequence> sentences) {
        if (sentences.size() < 2) {
            throw new IllegalArgumentException("token correspondence needs at least 2 sentences (one to fit "
                    + "the maps on, one to score them on), got " + sentences.size());
        }
        int[] training = trainingSplit(sentences.size(), settings.trainFraction(), settings.seed());
        int[] heldOut = complement(training, sentences.size());
        List<Integer> fitting = new ArrayList<>();
        int rows = 0;
        for (int id : training) {
            if (rows >= settings.maps().maxPositions()) {
                break;
            }
            fitting.add(id);
            rows += sentences.get(id).length();
        }
        return new Split(training, heldOut, fitting.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Fits the linear and MLP maps on the training sentences. {@code states} is asked only for
     * the split's fitting sentences; it may hand out states kept from pass 1 (as {@link #run}
     * does) or compute them again (forward passes are deterministic, so the maps are the same).
     */
    public FittedMaps fitMaps(Split split, SentenceSource states) {
        LOG.info(() -> "fitting linear and MLP maps on " + split.fitting().length + " training sentences");
        return MapFitter.fit(states, split.training(), extractor.layers().count(), settings.maps(),
                settings.threads());
    }

    /** The states of one sentence, from a forward pass of the model (for {@link #fitMaps}). */
    public SentenceStates states(int sentenceId, TokenSequence sentence) {
        return extractor.extract(sentenceId, sentence);
    }

    /**
     * Scores some sentences into an accumulator: pass 1 with {@code maps} null (identity, rollout
     * and flow), pass 2 with the fitted maps. Each sentence's states go to {@code listener} once.
     * Every sentence's observation depends on that sentence alone, so scoring parts of a pass
     * separately and merging the accumulators gives what one call over the whole pass gives.
     *
     * @param sentences the token ids of a sentence by its id (asked only for {@code ids})
     * @param ids       the sentence ids to score
     * @param maps      the fitted maps, or null in pass 1
     * @param listener  another analysis sharing the forward passes (thread-safe)
     */
    public CorrespondenceAccumulator score(IntFunction<TokenSequence> sentences, int[] ids, FittedMaps maps,
                                           SentenceListener listener) {
        return score(sentences, ids, maps, listener, s -> { });
    }

    /** Scores the given sentences in contiguous chunks, one accumulator each, merged in order. */
    private CorrespondenceAccumulator score(IntFunction<TokenSequence> sentences, int[] ids, FittedMaps maps,
                                            SentenceListener listener, SentenceListener keep) {
        StateLayers layers = extractor.layers();
        int workers = Math.max(1, Math.min(settings.threads(), ids.length));
        int chunk = (ids.length + workers - 1) / workers;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<CorrespondenceAccumulator>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = Math.min(ids.length, w * chunk);
                int to = Math.min(ids.length, from + chunk);
                parts.add(pool.submit(() -> {
                    ParallelRanges.keepKernelsOnThisThread();
                    CorrespondenceAccumulator acc = new CorrespondenceAccumulator(layers.count());
                    for (int x = from; x < to; x++) {
                        SentenceStates s = extractor.extract(ids[x], sentences.apply(ids[x]));
                        acc.add(observe(s, maps, layers, settings.flowMaxLength()));
                        listener.accept(s);
                        keep.accept(s);
                        int n = done.incrementAndGet();
                        if (n % 250 == 0) {
                            LOG.info(() -> "scored " + n + " of " + ids.length + " sentences");
                        }
                    }
                    return acc;
                }));
            }
            CorrespondenceAccumulator total = new CorrespondenceAccumulator(layers.count());
            for (Future<CorrespondenceAccumulator> part : parts) {
                total.merge(part.get());
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scoring was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("scoring failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static int[] complement(int[] sortedIds, int size) {
        int[] out = new int[size - sortedIds.length];
        int k = 0;
        for (int id = 0; id < size; id++) {
            if (Arrays.binarySearch(sortedIds, id) < 0) {
                out[k++] = id;
            }
        }
        return out;
    }

    /**
     * One sentence's identifiability hits and rollout/flow self-share sums; with {@code maps} null
     * (a training sentence, before the maps exist) only the identity map is scored.
     */
    static SentenceObservation observe(SentenceStates s, FittedMaps maps, StateLayers layers, int flowCap) {
        int n = s.length();
        int count = layers.count();
        boolean heldOut = maps != null && !maps.sawSentence(s.sentenceId());

        // Identifiability per reference, map and layer.
        int[][][] hits = new int[Reference.values().length][MapKind.values().length][count];
        for (Reference ref : Reference.values()) {
            float[][] reference = s.reference(ref);
            for (MapKind kind : MapKind.values()) {
                if (kind != MapKind.IDENTITY && !heldOut) {
                    continue;
                }
                for (int k = 0; k < count; k++) {
                    StateMap map = kind == MapKind.IDENTITY ? StateMap.identity() : maps.map(kind, ref, k);
                    float[][] mapped = map.apply(s.states()[k]);
                    hits[ref.ordinal()][kind.ordinal()][k] = NearestNeighbour.identifiedCount(mapped, reference);
                }
            }
        }

        // Rollout and (for short sentences) flow: weight of each position on its own token.
        double[][][] rollouts = AttentionRollout.rollouts(s.attention());
        double[][][] flows = flowCap > 0 && n <= flowCap ? AttentionFlow.shares(s.attention()) : null;
        double[] rolloutSelf = new double[count];
        double[] flowSelf = flows == null ? null : new double[count];
        for (int k = 0; k < count; k++) {
            int below = layers.blocksBelow(k);
            for (int i = 0; i < n; i++) {
                rolloutSelf[k] += rollouts[below][i][i];
                if (flows != null) {
                    flowSelf[k] += flows[below][i][i];
                }
            }
        }
        return new SentenceObservation(s.sentenceId(), n, heldOut, hits, rolloutSelf, flowSelf);
    }

    /**
     * The result of both passes' merged accumulator: rates and bootstrap intervals per layer.
     * The accumulator keeps sentences sorted by id, so it does not matter how it was assembled.
     */
    public CorrespondenceResult summarise(CorrespondenceAccumulator acc, FittedMaps maps) {
        StateLayers layers = extractor.layers();
        SentenceBootstrap boot = new SentenceBootstrap(settings.resamples(), settings.seed());
        List<LayerCorrespondence> out = new ArrayList<>();
        for (int k = 0; k < layers.count(); k++) {
            Map<String, Map<String, Estimate>> ident = new LinkedHashMap<>();
            for (Reference ref : Reference.values()) {
                Map<String, Estimate> byMap = new LinkedHashMap<>();
                for (MapKind kind : MapKind.values()) {
                    byMap.put(kind.key(), acc.identifiability(ref, kind, k, boot));
                }
                ident.put(ref.key(), byMap);
            }
            out.add(new LayerCorrespondence(layers.label(k), layers.hook(k), ident,
                    acc.rolloutSelfShare(k, boot), acc.flowSelfShare(k, boot)));
        }
        int flowSentences = (int) acc.sentences().stream().filter(o -> o.flowSelfSum() != null).count();
        return new CorrespondenceResult(out, acc.sentences().size(), maps.trainingSentences().length,
                maps.trainingPositions(), settings.flowMaxLength(), flowSentences, LAYER_DEFINITION,
                "rates pool positions (identified positions / positions); 95% percentile bootstrap over "
                        + "sentences, " + settings.resamples() + " resamples, seed " + settings.seed()
                        + "; identity rates pool all sentences, linear and mlp rates pool held-out "
                        + "sentences only");
    }

    /** How state layers map to hook points, as printed in the output. */
    public static final String LAYER_DEFINITION = "layer 0 = hook 'embed' (the input of block 0); layer l >= 1 "
            + "= hook 'blocks.(l-1).resid_post' (the input of block l; layer L is the last block's output); "
            + "'final' = hook 'final_norm' (pre-norm models only). Identified = the mapped state at position i "
            + "is nearest by cosine to position i's reference among all positions of the sentence, special "
            + "tokens included, ties to the lowest position.";
}
