package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.explaint.runtime.TokenSequence;

/**
 * Measures, per layer, whether the states still stand for their tokens: identifiability under
 * three maps (Brunner et al., 2020) and the self-share of attention rollout and flow (Abnar and
 * Zuidema, 2020).
 *
 * <p>The run has two passes. First the sentences are split by a seeded shuffle into training and
 * held-out sets, and the linear and MLP maps are fitted on training sentences only. Then every
 * sentence is scored: the identity map on all sentences, the fitted maps on held-out sentences
 * only. Workers score contiguous chunks of the corpus into their own
 * {@link CorrespondenceAccumulator}, merged in chunk order, so any thread count gives the same
 * result.
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
        if (sentences.size() < 2) {
            throw new IllegalArgumentException("token correspondence needs at least 2 sentences (one to fit "
                    + "the maps on, one to score them on), got " + sentences.size());
        }
        StateLayers layers = extractor.layers();

        // Pass 1: fit the maps on training sentences only.
        int[] training = trainingSplit(sentences.size(), settings.trainFraction(), settings.seed());
        LOG.info(() -> "fitting linear and MLP maps on " + training.length + " training sentences");
        FittedMaps maps = MapFitter.fit(id -> extractor.extract(id, sentences.get(id)), training,
                layers.count(), settings.maps(), settings.threads());

        // Pass 2: score every sentence, one accumulator per contiguous chunk.
        CorrespondenceAccumulator total = score(sentences, maps, layers);
        return summarise(total, layers, maps);
    }

    /** Scores all sentences with fitted maps; workers' accumulators are merged in chunk order. */
    CorrespondenceAccumulator score(List<TokenSequence> sentences, FittedMaps maps, StateLayers layers) {
        int workers = Math.min(settings.threads(), sentences.size());
        int chunk = (sentences.size() + workers - 1) / workers;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<CorrespondenceAccumulator>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = w * chunk;
                int to = Math.min(sentences.size(), from + chunk);
                parts.add(pool.submit(() -> {
                    CorrespondenceAccumulator acc = new CorrespondenceAccumulator(layers.count());
                    for (int id = from; id < to; id++) {
                        SentenceStates s = extractor.extract(id, sentences.get(id));
                        acc.add(observe(s, maps, layers, settings.flowMaxLength()));
                        int n = done.incrementAndGet();
                        if (n % 250 == 0) {
                            LOG.info(() -> "scored " + n + " of " + sentences.size() + " sentences");
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

    /** One sentence's identifiability hits and rollout/flow self-share sums. */
    static SentenceObservation observe(SentenceStates s, FittedMaps maps, StateLayers layers, int flowCap) {
        int n = s.length();
        int count = layers.count();
        boolean heldOut = !maps.sawSentence(s.sentenceId());

        // Identifiability per reference, map and layer.
        int[][][] hits = new int[Reference.values().length][MapKind.values().length][count];
        for (Reference ref : Reference.values()) {
            float[][] reference = s.reference(ref);
            for (MapKind kind : MapKind.values()) {
                if (kind != MapKind.IDENTITY && !heldOut) {
                    continue;
                }
                for (int k = 0; k < count; k++) {
                    float[][] mapped = maps.map(kind, ref, k).apply(s.states()[k]);
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

    private CorrespondenceResult summarise(CorrespondenceAccumulator acc, StateLayers layers, FittedMaps maps) {
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
                "95% percentile bootstrap over sentences, " + settings.resamples() + " resamples, seed "
                        + settings.seed() + "; identity rates pool all sentences, linear and mlp rates pool "
                        + "held-out sentences only");
    }

    /** How state layers map to hook points, as printed in the output. */
    public static final String LAYER_DEFINITION = "layer 0 = hook 'embed' (the input of block 0); layer l >= 1 "
            + "= hook 'blocks.(l-1).resid_post' (the input of block l; layer L is the last block's output); "
            + "'final' = hook 'final_norm' (pre-norm models only). Identified = the mapped state at position i "
            + "is nearest by cosine to position i's reference among all positions of the sentence, special "
            + "tokens included, ties to the lowest position.";
}
