package org.explaint.analysis.heads;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.explaint.runtime.ExplaintException;

/**
 * The running state of a head-probing run: one {@link SentenceTally} per scored sentence plus
 * the count of sentences that could not be scored, with their reasons.
 *
 * <p>This is the mergeable accumulator of the analysis. Every number in it is an integer (the
 * special-token mass is fixed point), and {@link #merge} keeps sentences ordered by their corpus
 * index, so any split of a corpus into parts (worker threads, checkpoints, Spark partitions)
 * merged in any order gives the same state and the same scores. Hit counts, totals and
 * bootstrap inputs are all sums over the per-sentence tallies, computed by
 * {@link HeadProbeSummary}. The per-sentence tallies are kept because the bootstrap resamples
 * sentences; they cost a few hundred bytes per sentence and relation.
 */
public final class HeadProbeTally {
    private final int layers;
    private final int heads;
    private final List<SentenceTally> sentences = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();
    private boolean sorted = true;

    /** An empty tally for a model with these many layers and heads per layer. */
    public HeadProbeTally(int layers, int heads) {
        this.layers = layers;
        this.heads = heads;
    }

    /** Adds one scored sentence. */
    public void add(SentenceTally sentence) {
        if (sentence.treeCorrect().length != layers * heads) {
            throw new IllegalArgumentException("a sentence tally for " + sentence.treeCorrect().length
                    + " heads does not fit a tally of " + layers + " x " + heads);
        }
        if (!sentences.isEmpty() && sentences.getLast().index() > sentence.index()) {
            sorted = false;
        }
        sentences.add(sentence);
    }

    /** Records a sentence that could not be scored, by reason (e.g. "longer than the model"). */
    public void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    /** Adds another tally's sentences and skip counts into this one. */
    public HeadProbeTally merge(HeadProbeTally other) {
        if (other.layers != layers || other.heads != heads) {
            throw new IllegalArgumentException("cannot merge a tally of " + other.layers + " x "
                    + other.heads + " heads into one of " + layers + " x " + heads);
        }
        for (SentenceTally s : other.sentences) {
            add(s);
        }
        other.skipped.forEach((reason, n) -> skipped.merge(reason, n, Integer::sum));
        return this;
    }

    /** The scored sentences in corpus order. */
    public List<SentenceTally> sentences() {
        if (!sorted) {
            sentences.sort(Comparator.comparingInt(SentenceTally::index));
            sorted = true;
        }
        return List.copyOf(sentences);
    }

    /** Skipped sentences by reason. */
    public Map<String, Integer> skipped() {
        return Map.copyOf(skipped);
    }

    /** Number of skipped sentences. */
    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Writes the tally to a JSON file, a checkpoint from which {@link #read} resumes; the number of
     * sentences consumed is {@code sentences().size() + skippedCount()}. The file is written
     * beside its destination and moved into place, so a kill at any moment leaves either the
     * previous checkpoint or the new one, never a torn file.
     */
    public void write(Path file) {
        Checkpoint c = new Checkpoint(layers, heads, sentences(), new TreeMap<>(skipped));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            new ObjectMapper().writeValue(temporary.toFile(), c);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ExplaintException("cannot write the checkpoint " + file + " ("
                    + e.getMessage() + "); choose a writable path", e);
        }
    }

    /** Reads a tally written by {@link #write}. */
    public static HeadProbeTally read(Path file) {
        Checkpoint c;
        try {
            c = new ObjectMapper().readValue(file.toFile(), Checkpoint.class);
        } catch (IOException e) {
            throw new ExplaintException("cannot read the checkpoint " + file + " ("
                    + e.getMessage() + "); it is not a head-probing checkpoint or is damaged", e);
        }
        return of(c);
    }

    /**
     * The tally as JSON text, in the layout {@link #write} uses: the form in which a Spark task
     * returns its part to the driver (a task's result, never a side effect, so a retried task
     * cannot count its sentences twice).
     */
    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(
                    new Checkpoint(layers, heads, sentences(), new TreeMap<>(skipped)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a head-probing tally: " + e.getMessage(), e);
        }
    }

    /** Reads a tally written by {@link #toJson}. */
    public static HeadProbeTally fromJson(String json) {
        Checkpoint c;
        try {
            c = new ObjectMapper().readValue(json, Checkpoint.class);
        } catch (IOException e) {
            throw new ExplaintException("cannot read a head-probing tally from JSON ("
                    + e.getMessage() + "); it was not written by HeadProbeTally.toJson or is damaged", e);
        }
        return of(c);
    }

    private static HeadProbeTally of(Checkpoint c) {
        HeadProbeTally t = new HeadProbeTally(c.layers(), c.heads());
        c.sentences().forEach(t::add);
        t.skipped.putAll(c.skipped());
        return t;
    }

    /** Layers of the model. */
    public int layers() {
        return layers;
    }

    /** Heads per layer. */
    public int heads() {
        return heads;
    }

    /** The serialised form of a tally. */
    private record Checkpoint(int layers, int heads, List<SentenceTally> sentences,
                              Map<String, Integer> skipped) {
    }
}
