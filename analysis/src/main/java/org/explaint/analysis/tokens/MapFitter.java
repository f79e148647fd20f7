package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Fits the linear and MLP maps from each state layer to each reference, on training sentences
 * only.
 *
 * <p>The fitter reads data solely through {@link SentenceSource#states} for the ids it is given,
 * so held-out sentences cannot leak into a fit. Rows are taken sentence by sentence in ascending
 * id order until {@link Settings#maxPositions} is reached. Each (reference, layer) map is fitted
 * independently with a seed derived from the settings, so the result does not depend on the
 * number of threads.
 */
public final class MapFitter {
    private static final Logger LOG = Logger.getLogger(MapFitter.class.getName());

    /**
     * Fitting settings.
     *
     * @param maxPositions most training rows per map
     * @param ridge        relative ridge strength of the linear map
     * @param mlp          MLP training settings (its seed is mixed with layer and reference)
     */
    public record Settings(int maxPositions, double ridge, TanhMlpMap.Settings mlp) {
        /** Checks the row cap and ridge strength. */
        public Settings {
            if (maxPositions < 2 || !(ridge > 0)) {
                throw new IllegalArgumentException("map fitting needs maxPositions >= 2 and ridge > 0, got "
                        + maxPositions + " and " + ridge);
            }
        }

        /** Defaults: 3000 rows, ridge 1e-3, MLP with 64 tanh units, 6 epochs, batch 32, lr 2e-3. */
        public static Settings defaults(long seed) {
            return new Settings(3000, 1e-3, new TanhMlpMap.Settings(64, 6, 32, 2e-3, seed));
        }
    }

    private MapFitter() {
    }

    /**
     * Fits every map.
     *
     * @param source            where sentence states come from
     * @param trainingSentences the only sentence ids the fit may read
     * @param layers            number of state layers
     * @param settings          fitting settings
     * @param threads           worker threads for the independent fits
     */
    public static FittedMaps fit(SentenceSource source, int[] trainingSentences, int layers,
                                 Settings settings, int threads) {
        int[] ids = trainingSentences.clone();
        Arrays.sort(ids);

        // Gather training rows in ascending sentence order, up to the cap.
        List<float[][][]> states = new ArrayList<>();
        List<float[][]> tokens = new ArrayList<>();
        int rows = 0;
        for (int id : ids) {
            if (rows >= settings.maxPositions()) {
                break;
            }
            SentenceStates s = source.states(id);
            int take = Math.min(s.length(), settings.maxPositions() - rows);
            float[][][] st = new float[layers][][];
            for (int k = 0; k < layers; k++) {
                st[k] = Arrays.copyOf(s.states()[k], take);
            }
            states.add(st);
            tokens.add(Arrays.copyOf(s.tokenEmbedding(), take));
            rows += take;
        }
        if (rows < 2) {
            throw new IllegalArgumentException("map fitting needs at least 2 training positions, got " + rows
                    + " from " + ids.length + " training sentences");
        }
        LOG.fine(() -> "fitting maps on " + ids.length + " sentences");
        float[][][] inputs = new float[layers][rows][];
        float[][][] targets = new float[Reference.values().length][rows][];
        int r = 0;
        for (int s = 0; s < states.size(); s++) {
            for (int p = 0; p < tokens.get(s).length; p++, r++) {
                for (int k = 0; k < layers; k++) {
                    inputs[k][r] = states.get(s)[k][p];
                }
                targets[Reference.EMBED.ordinal()][r] = states.get(s)[0][p];
                targets[Reference.TOKEN_EMBEDDING.ordinal()][r] = tokens.get(s)[p];
            }
        }

        // One task per (reference, layer, kind), results stored by index.
        int refs = Reference.values().length;
        StateMap[][] linear = new StateMap[refs][layers];
        StateMap[][] mlp = new StateMap[refs][layers];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int ref = 0; ref < refs; ref++) {
                for (int k = 0; k < layers; k++) {
                    final int fr = ref;
                    final int fk = k;
                    tasks.add(pool.submit(() -> {
                        linear[fr][fk] = RidgeMap.fit(inputs[fk], targets[fr], settings.ridge());
                    }));
                    TanhMlpMap.Settings ms = settings.mlp();
                    TanhMlpMap.Settings seeded = new TanhMlpMap.Settings(ms.hidden(), ms.epochs(), ms.batch(),
                            ms.learningRate(), ms.seed() * 1_000_003L + fr * 1009L + fk);
                    tasks.add(pool.submit(() -> {
                        mlp[fr][fk] = TanhMlpMap.fit(inputs[fk], targets[fr], seeded);
                    }));
                }
            }
            for (Future<?> t : tasks) {
                t.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("map fitting was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("map fitting failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdown();
        }
        return new FittedMaps(linear, mlp, ids, rows);
    }
}
