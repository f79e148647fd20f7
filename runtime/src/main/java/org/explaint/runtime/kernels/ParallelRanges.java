package org.explaint.runtime.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits an index range over the kernel threads.
 *
 * <p>The number of threads is the system property {@code explaint.threads}, else the environment
 * variable {@code EXPLAINT_THREADS}, else the number of available processors. Work is split into
 * disjoint chunks whose boundaries are multiples of a given alignment, and every chunk runs the
 * same code it would run alone, so results do not depend on the thread count.
 */
public final class ParallelRanges {
    private static final int THREADS = threads();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    /** A chunk of work over the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Chunk {
        /** Runs the work for {@code [from, to)}. */
        void run(int from, int to);
    }

    private ParallelRanges() {
    }

    /** The number of kernel threads. */
    public static int threads() {
        String p = System.getProperty("explaint.threads", System.getenv("EXPLAINT_THREADS"));
        if (p != null) {
            try {
                return Math.max(1, Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                return Runtime.getRuntime().availableProcessors();
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code chunk} over {@code [0, n)}, in parallel when {@code work} (a rough count of
     * multiply-adds) is large enough to pay for it.
     *
     * @param align chunk boundaries are multiples of this
     */
    public static void run(int n, int align, long work, Chunk chunk) {
        int parts = (int) Math.min(THREADS, (n + align - 1) / align);
        if (POOL == null || parts < 2 || work < (1L << 18)) {
            chunk.run(0, n);
            return;
        }
        int units = (n + align - 1) / align;
        List<ForkJoinTask<?>> tasks = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            int from = Math.min(n, (int) ((long) units * i / parts) * align);
            int to = Math.min(n, (int) ((long) units * (i + 1) / parts) * align);
            if (from < to) {
                tasks.add(ForkJoinTask.adapt(() -> chunk.run(from, to)));
            }
        }
        if (ForkJoinTask.inForkJoinPool()) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            POOL.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
        }
    }
}
