package org.explaint.analysis.mapping;

import java.nio.file.Path;
import org.explaint.text.norms.FeatureNorms;
import org.explaint.text.norms.NormFiles;

/**
 * Times 10-fold cross-validated PLS on McRae's norms against random 768-dimensional embeddings,
 * the problem tools/reference/bench_plsr.py times for scikit-learn. A benchmark, not a test.
 *
 * <p>Run after {@code mvn -o -pl analysis test-compile}:
 * {@code java -cp analysis/target/test-classes:analysis/target/classes:$(cat cp.txt)
 * org.explaint.analysis.mapping.PlsBenchmark MCRAE_FILE [components]}
 */
public final class PlsBenchmark {
    private PlsBenchmark() {
    }

    /** Runs the benchmark and prints the wall time. */
    public static void main(String[] args) {
        FeatureNorms norms = NormFiles.readMcRae(Path.of(args[0]));
        int components = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        double[][] x = SyntheticProblems.gaussian(norms.conceptCount(), 768, 0);
        double[][] y = norms.toArray();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        CrossValidation.run(new PlsRegression(components), x, y, 10, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("explaint %d x %d norms, 768-d, %d components, 10 folds: %.2f s wall, "
                + "%.2f s CPU (one thread)%n", y.length, y[0].length, components, seconds, cpu);
    }
}
