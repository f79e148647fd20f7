package org.explaint.analysis.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Runs a feature-norm mapping study: the real cross-validated scores, then the same
 * cross-validation on every control, then the verdict.
 *
 * <p>Every run uses the same fold assignment (from {@code seed}), the same mapper and the same
 * {@link MappingMetrics}; controls differ only in their inputs, except the nearest-neighbour
 * copy baseline, which differs only in the mapper. Random controls are repeated
 * {@code permutations} times with seeds {@code seed + 1 + r} (offset per control) to give
 * permutation p-values; the ceiling control runs once. Repetitions run on {@code threads}
 * workers; each writes its own slot, so the results do not depend on the number of threads.
 *
 * @param mapper       the mapper under test
 * @param folds        number of folds over concepts
 * @param permutations repetitions of each random control
 * @param seed         seed for folds and controls
 * @param neighbours   N of the neighbourhood accuracy
 * @param rule         the verdict rule
 * @param threads      worker threads for the repetitions of the random controls
 */
public record MappingStudy(FeatureMapper mapper, int folds, int permutations, long seed,
                           int neighbours, MappingVerdictRule rule, int threads) {
    private static final Logger LOG = Logger.getLogger(MappingStudy.class.getName());

    public MappingStudy {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** A study on one thread. */
    public MappingStudy(FeatureMapper mapper, int folds, int permutations, long seed, int neighbours,
                        MappingVerdictRule rule) {
        this(mapper, folds, permutations, seed, neighbours, rule, 1);
    }

    /** The controls, in report order. */
    public static List<Control> controls() {
        return List.of(new Control.ShuffledConcepts(), new Control.RandomNorms(),
                new Control.GaussianEmbeddings(), new Control.ProjectionTargets());
    }

    /**
     * Runs the study.
     *
     * @param x           embeddings {@code [concept, dimension]}
     * @param y           norms {@code [concept, feature]}
     * @param description names for the report: norms, embeddings, missing and shared concepts
     */
    public MappingReport run(double[][] x, double[][] y, Coverage description) {
        return run(x, y, description, () -> { });
    }

    /** The number of cross-validation runs a study makes: real, every control repetition, copy. */
    public int crossValidations() {
        int runs = 2;
        for (Control c : controls()) {
            runs += c.repeatable() ? permutations : 1;
        }
        return runs;
    }

    /**
     * Runs the study, calling {@code progress} after each of its {@link #crossValidations()}
     * cross-validation runs (from worker threads).
     */
    public MappingReport run(double[][] x, double[][] y, Coverage description, Runnable progress) {
        MappingMetrics metrics = new MappingMetrics(MappingMetrics.defaultThreshold(y), neighbours);
        Control.MappingInput real = new Control.MappingInput(x, y);

        // the real scores
        LOG.info("mapping: real norms, " + mapper.describe());
        Map<String, Score> realScores = foldScores(mapper, real, metrics);
        progress.run();
        Map<String, Double> realValues = values(realScores);

        // every input control, then the copy baseline
        List<ControlOutcome> outcomes = new ArrayList<>();
        List<Control> controls = controls();
        for (int c = 0; c < controls.size(); c++) {
            Control control = controls.get(c);
            LOG.info("mapping: control " + control.name());
            long base = seed + 1_000_003L * (c + 1);
            if (!control.repeatable()) {
                Map<String, Score> s = foldScores(mapper, control.apply(real, base), metrics);
                progress.run();
                outcomes.add(new ControlOutcome(control.name(), control.description(), 1, s,
                        Map.of(), selectivity(realValues, s)));
                continue;
            }
            Map<String, double[]> runs = repeat(control, real, base, metrics, progress);
            Map<String, Score> s = new LinkedHashMap<>();
            Map<String, Double> p = new LinkedHashMap<>();
            for (String m : MappingMetrics.NAMES) {
                s.put(m, Score.overRuns(runs.get(m)));
                int atLeast = 0;
                for (double v : runs.get(m)) {
                    atLeast += v >= realValues.get(m) ? 1 : 0;
                }
                p.put(m, (1.0 + atLeast) / (permutations + 1.0));
            }
            outcomes.add(new ControlOutcome(control.name(), control.description(), permutations, s, p,
                    selectivity(realValues, s)));
        }
        NearestNeighbourCopy copy = new NearestNeighbourCopy();
        LOG.info("mapping: nearest-neighbour copy baseline");
        Map<String, Score> copyScores = foldScores(copy, real, metrics);
        progress.run();
        outcomes.add(new ControlOutcome("neighbour_copy", copy.describe()
                + ": predicts the norms of the nearest training concept", 1, copyScores, Map.of(),
                selectivity(realValues, copyScores)));

        MappingVerdict verdict = rule.decide(realScores, outcomes);
        return new MappingReport(mapper.describe(), description.norms(), description.embeddings(),
                y.length, description.missing(), description.sharedWords(), y[0].length, folds,
                permutations, seed, metrics.threshold(), neighbours, realScores, outcomes, verdict);
    }

    /**
     * Names and coverage that go into the report.
     *
     * @param norms       where the norms came from
     * @param embeddings  where the embeddings came from
     * @param missing     concepts left out because they could not be embedded
     * @param sharedWords concepts sharing a surface word with another
     */
    public record Coverage(String norms, String embeddings, List<String> missing,
                           List<String> sharedWords) {
    }

    /** Pooled scores of every repetition of a random control, by metric, in repetition order. */
    private Map<String, double[]> repeat(Control control, Control.MappingInput real, long base,
                                         MappingMetrics metrics, Runnable progress) {
        List<Map<String, Double>> pooled = new ArrayList<>(Collections.nCopies(permutations, null));
        IntConsumer repetition = r -> {
            Control.MappingInput input = control.apply(real, base + r);
            CrossValidation.Result cv = CrossValidation.run(mapper, input.x(), input.y(), folds, seed);
            pooled.set(r, metrics.score(input.y(), cv.predictions(), all(input.y().length)));
            progress.run();
        };
        if (threads == 1) {
            IntStream.range(0, permutations).forEach(repetition);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> pending = new ArrayList<>();
                for (int r = 0; r < permutations; r++) {
                    int index = r;
                    pending.add(pool.submit(() -> repetition.accept(index)));
                }
                for (Future<?> f : pending) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + control.name(), e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re
                        : new IllegalStateException(control.name() + " failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        Map<String, double[]> runs = new LinkedHashMap<>();
        for (String m : MappingMetrics.NAMES) {
            double[] values = new double[permutations];
            for (int r = 0; r < permutations; r++) {
                values[r] = pooled.get(r).get(m);
            }
            runs.put(m, values);
        }
        return runs;
    }

    /** Pooled out-of-fold scores with intervals over folds. */
    private Map<String, Score> foldScores(FeatureMapper m, Control.MappingInput input,
                                          MappingMetrics metrics) {
        CrossValidation.Result cv = CrossValidation.run(m, input.x(), input.y(), folds, seed);
        Map<String, Double> pooled = metrics.score(input.y(), cv.predictions(), all(input.y().length));
        Map<String, double[]> perFold = new LinkedHashMap<>();
        for (int k = 0; k < folds; k++) {
            Map<String, Double> s = metrics.score(input.y(), cv.predictions(),
                    CrossValidation.indices(cv.fold(), k, true));
            for (String name : MappingMetrics.NAMES) {
                perFold.computeIfAbsent(name, key -> new double[folds])[k] = s.get(name);
            }
        }
        Map<String, Score> out = new LinkedHashMap<>();
        for (String name : MappingMetrics.NAMES) {
            out.put(name, Score.overFolds(pooled.get(name), perFold.get(name)));
        }
        return out;
    }

    private static Map<String, Double> values(Map<String, Score> scores) {
        Map<String, Double> out = new LinkedHashMap<>();
        scores.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private static Map<String, Double> selectivity(Map<String, Double> real, Map<String, Score> control) {
        Map<String, Double> out = new LinkedHashMap<>();
        real.forEach((k, v) -> out.put(k, v - control.get(k).value()));
        return out;
    }

    private static int[] all(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
