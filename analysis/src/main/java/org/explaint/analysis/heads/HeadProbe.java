package org.explaint.analysis.heads;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.runtime.kernels.ParallelRanges;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;
import org.explaint.text.conllu.Sentence;

/**
 * Runs a model over a treebank and tallies how well each attention head finds syntactic arcs
 * (Clark, Khandelwal, Levy and Manning 2019, "What does BERT look at?").
 *
 * <p>Each sentence is tokenised from its word forms, run with only the
 * {@code blocks.L.attn.pattern} hook points captured, converted to word level by
 * {@link WordAttention} and scored by {@link SentenceScorer}. Worker threads pull small batches
 * of sentences from the shared source, each filling its own {@link HeadProbeTally}; the tallies
 * are merged at the end, and since a tally's content does not depend on which worker scored a
 * sentence, the result is the same for any number of threads.
 *
 * <p>Sentences the model cannot take are skipped and counted: those whose encoding is longer
 * than the position table and those where a word yields no pieces.
 */
public final class HeadProbe {
    private static final Logger LOG = Logger.getLogger(HeadProbe.class.getName());

    private final Transformer model;
    private final Tokenizer tokenizer;
    private final int threads;
    private final int batchSize;

    /**
     * A probe of one model.
     *
     * @param model     the model (shared by the workers; the runtime is thread-safe)
     * @param tokenizer its tokenizer
     * @param threads   worker threads, at least 1
     * @param batchSize sentences per forward pass
     */
    public HeadProbe(Transformer model, Tokenizer tokenizer, int threads, int batchSize) {
        if (threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("threads and batch size must be positive, got "
                    + threads + " and " + batchSize);
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.threads = threads;
        this.batchSize = batchSize;
    }

    /**
     * Scores sentences until the source ends or {@code limit} sentences were taken.
     *
     * @param source   the sentences, read by one thread at a time
     * @param limit    most sentences to take; a negative value means all
     * @param progress told how many sentences each finished batch held (may be called from
     *                 several threads)
     * @return the merged tally
     */
    public HeadProbeTally run(Iterator<Sentence> source, int limit, IntConsumer progress) {
        ModelConfig config = model.config();
        return run(source, limit, progress, new HeadProbeTally(config.layers(), config.heads()),
                Integer.MAX_VALUE, tally -> { });
    }

    /**
     * A resumable run: continues after the sentences {@code resumed} already accounts for, and
     * every {@code every} sentences hands the state so far to {@code checkpoint} (which should
     * write it atomically). The corpus is taken in chunks of {@code every} sentences; the
     * workers finish a chunk before it is merged, so a checkpoint covers exactly the first
     * sentences of the corpus, and since the tally orders sentences by index, resuming from any
     * checkpoint gives the same tally as a run that was never interrupted.
     *
     * @param source     the sentences from the start of the corpus; those already in
     *                   {@code resumed} are read past, not scored
     * @param limit      most sentences to take in all, counting resumed ones; negative: all
     * @param progress   told how many sentences each finished batch held
     * @param resumed    the state of an earlier, interrupted run (or an empty tally)
     * @param every      sentences per chunk, at least 1
     * @param checkpoint receives the merged tally after every chunk
     * @return the merged tally
     * @throws ExplaintException when the corpus has fewer sentences than the checkpoint holds
     */
    public HeadProbeTally run(Iterator<Sentence> source, int limit, IntConsumer progress,
                              HeadProbeTally resumed, int every, Consumer<HeadProbeTally> checkpoint) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1, got " + every);
        }
        ModelConfig config = model.config();
        int end = limit < 0 ? Integer.MAX_VALUE : limit;
        int consumed = resumed.sentences().size() + resumed.skippedCount();
        for (int i = 0; i < consumed; i++) {
            if (!source.hasNext()) {
                throw new ExplaintException("the checkpoint holds " + consumed + " sentences but the "
                        + "treebank has only " + i + "; it was made from another treebank: delete it or "
                        + "run without --resume");
            }
            source.next();
        }
        if (consumed > 0) {
            progress.accept(consumed);
        }
        HeadProbeTally total = new HeadProbeTally(config.layers(), config.heads()).merge(resumed);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            while (consumed < end) {
                int chunkEnd = (int) Math.min((long) consumed + every, end);
                SentenceSource shared = new SentenceSource(source, consumed, chunkEnd);
                List<Future<HeadProbeTally>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    parts.add(pool.submit(() -> work(shared, config, progress)));
                }
                // Merge in worker order; the tally orders sentences by index, so any order is equal.
                for (Future<HeadProbeTally> part : parts) {
                    total.merge(part.get());
                }
                int taken = shared.taken() - consumed;
                consumed = shared.taken();
                if (taken > 0) {
                    checkpoint.accept(total);
                }
                if (consumed < chunkEnd) {
                    break; // the corpus ended inside this chunk
                }
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing heads", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Scores one given part of a corpus whose sentences are numbered {@code firstIndex},
     * {@code firstIndex + 1}, ... in list order. This is for corpora split elsewhere (a Spark
     * partition holds a contiguous range of sentences): each part is scored exactly as
     * {@link #run} scores it, and since a tally orders sentences by index, the merged tallies of
     * the parts equal the tally of one run over the whole corpus.
     *
     * @param sentences  the part, in corpus order
     * @param firstIndex the corpus index of its first sentence
     * @param progress   told how many sentences each finished batch held
     * @return the part's tally
     */
    public HeadProbeTally score(List<Sentence> sentences, int firstIndex, IntConsumer progress) {
        if (firstIndex < 0) {
            throw new IllegalArgumentException("the first sentence index must be 0 or more, got "
                    + firstIndex);
        }
        ModelConfig config = model.config();
        SentenceSource shared = new SentenceSource(sentences.iterator(), firstIndex,
                firstIndex + sentences.size());
        HeadProbeTally total = new HeadProbeTally(config.layers(), config.heads());
        if (threads == 1) {
            return total.merge(work(shared, config, progress));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<HeadProbeTally>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> work(shared, config, progress)));
            }
            for (Future<HeadProbeTally> part : parts) {
                total.merge(part.get());
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing heads", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private HeadProbeTally work(SentenceSource source, ModelConfig config, IntConsumer progress) {
        ParallelRanges.keepKernelsOnThisThread();
        HeadProbeTally tally = new HeadProbeTally(config.layers(), config.heads());
        SentenceScorer scorer = new SentenceScorer(config.causal());
        List<String> hooks = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            hooks.add(HookNames.pattern(l));
        }
        List<Indexed> batch;
        while (!(batch = source.take(batchSize)).isEmpty()) {
            // Encode; set aside sentences the model cannot take.
            List<Indexed> kept = new ArrayList<>();
            List<Encoding> encodings = new ArrayList<>();
            List<TokenSequence> sequences = new ArrayList<>();
            for (Indexed s : batch) {
                Encoding e = tokenizer.encodeWords(s.sentence().forms());
                String problem = problem(e, s.sentence(), config);
                if (problem != null) {
                    tally.skip(problem);
                    LOG.fine(() -> "skipped sentence " + s.sentence().id() + ": " + problem);
                    continue;
                }
                kept.add(s);
                encodings.add(e);
                sequences.add(new TokenSequence(e.ids(), e.segments()));
            }

            // One pass for the batch, capturing only the attention patterns.
            if (!kept.isEmpty()) {
                Hooks capture = Hooks.capture(hooks);
                model.forward(new TokenBatch(sequences), capture);
                for (int i = 0; i < kept.size(); i++) {
                    tally.add(score(scorer, kept.get(i), encodings.get(i), capture, i, config));
                }
            }
            progress.accept(batch.size());
        }
        return tally;
    }

    private static SentenceTally score(SentenceScorer scorer, Indexed s, Encoding e, Hooks capture,
                                       int sequence, ModelConfig config) {
        float[][][][] attention = new float[config.layers()][][][];
        double[][] mass = new double[config.layers()][];
        for (int l = 0; l < config.layers(); l++) {
            var pattern = capture.cache(sequence).get(HookNames.pattern(l));
            attention[l] = WordAttention.fromPieces(pattern, e);
            mass[l] = WordAttention.specialMass(pattern, e);
        }
        return scorer.score(s.index(), s.sentence(), attention, mass);
    }

    private static String problem(Encoding e, Sentence s, ModelConfig config) {
        if (e.length() > config.maxPositions()) {
            return "longer than the model's " + config.maxPositions() + " positions";
        }
        int[] pieces = new int[s.size()];
        for (int w : e.wordOf()) {
            if (w >= s.size()) {
                throw new ExplaintException("the tokenizer gave word index " + w + " for sentence "
                        + s.id() + " of " + s.size() + " words; the tokenizer's word alignment is broken");
            }
            if (w >= 0) {
                pieces[w]++;
            }
        }
        for (int count : pieces) {
            if (count == 0) {
                return "a word without pieces";
            }
        }
        return null;
    }

    /** A sentence and its 0-based position in the corpus. */
    private record Indexed(int index, Sentence sentence) {
    }

    /** Hands out batches of numbered sentences {@code [first, end)} to workers, one worker at a time. */
    private static final class SentenceSource {
        private final Iterator<Sentence> source;
        private final int end;
        private int taken;

        SentenceSource(Iterator<Sentence> source, int first, int end) {
            this.source = source;
            this.taken = first;
            this.end = end;
        }

        synchronized List<Indexed> take(int n) {
            List<Indexed> out = new ArrayList<>(n);
            while (out.size() < n && taken < end && source.hasNext()) {
                out.add(new Indexed(taken, source.next()));
                taken++;
            }
            return out;
        }

        /** The index after the last sentence handed out. */
        synchronized int taken() {
            return taken;
        }
    }
}
