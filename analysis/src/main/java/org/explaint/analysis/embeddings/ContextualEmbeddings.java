package org.explaint.analysis.embeddings;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.explaint.runtime.ActivationCache;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;
import org.explaint.text.conllu.Treebank;

/**
 * Contextual word embeddings per layer, averaged over a word's occurrences in a corpus.
 *
 * <p>For each sentence the model runs once, capturing {@code blocks.L.resid_post} for every
 * layer; an occurrence of a target word contributes the mean of its pieces' states at each
 * layer. Words match the targets case-insensitively, after stripping punctuation at their
 * edges. The accumulator holds sums and counts only, so accumulators over parts of a corpus
 * {@link #merge} into the one over the whole. The sums are exact: each occurrence's vector is
 * rounded once to a fixed-point grid of 2^-32 and added as a long, so any split of the corpus
 * (threads, Spark partitions) merged in any order gives the same bits as one pass; a sum that
 * would leave the grid's range (2^31) stops with an error rather than wrap. The corpus is a CoNLL-U treebank or plain text,
 * one sentence per line, words separated by whitespace; sentences longer than the model's position table are skipped
 * with a log line, not windowed.
 */
public final class ContextualEmbeddings implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ContextualEmbeddings.class.getName());
    /** The fixed-point unit of the sums: 2^-32. */
    private static final double UNIT = 0x1p-32;

    private final int layers;
    private final int hidden;
    private final Set<String> targets;
    private final Map<String, long[][]> sums = new LinkedHashMap<>(); // word -> [layer, hidden], in UNITs
    private final Map<String, Integer> counts = new HashMap<>();

    /** An empty accumulator for lower-cased target words. */
    public ContextualEmbeddings(int layers, int hidden, Set<String> targets) {
        this.layers = layers;
        this.hidden = hidden;
        this.targets = Set.copyOf(targets.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList());
    }

    /** Runs one sentence (given as words) and adds its target-word occurrences. */
    public void addSentence(Transformer model, Tokenizer tokenizer, List<String> words) {
        List<Integer> hits = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            if (targets.contains(normalise(words.get(w)))) {
                hits.add(w);
            }
        }
        if (hits.isEmpty()) {
            return;
        }
        Encoding enc = tokenizer.encodeWords(words);
        if (enc.length() > model.config().maxPositions()) {
            LOG.fine("sentence of " + enc.length() + " pieces skipped (longer than the position table)");
            return;
        }
        Hooks hooks = Hooks.captureMatching("blocks\\.\\d+\\.resid_post");
        model.forward(TokenBatch.of(new TokenSequence(enc.ids(), enc.segments())), hooks);
        ActivationCache cache = hooks.cache(0);
        List<int[]> positions = enc.positionsByWord();
        for (int w : hits) {
            int[] pos = w < positions.size() ? positions.get(w) : new int[0];
            if (pos.length == 0) {
                continue;
            }
            String word = normalise(words.get(w));
            long[][] sum = sums.computeIfAbsent(word, k -> new long[layers][hidden]);
            for (int l = 0; l < layers; l++) {
                Tensor states = cache.get(HookNames.residPost(l)); // [position, hidden]
                for (int j = 0; j < hidden; j++) {
                    double mean = 0;
                    for (int p : pos) {
                        mean += states.get(p, j);
                    }
                    sum[l][j] = add(sum[l][j], Math.round(mean / pos.length / UNIT), word);
                }
            }
            counts.merge(word, 1, Integer::sum);
        }
    }

    /**
     * Reads a corpus and adds up to {@code maxSentences} sentences: a {@code .conllu} file is read
     * as a treebank (its word forms; malformed sentences skipped), anything else as plain text
     * with one sentence per line.
     */
    public void addCorpus(Transformer model, Tokenizer tokenizer, Path corpus, int maxSentences) {
        int read = 0;
        if (corpus.getFileName().toString().endsWith(".conllu")) {
            try (Treebank treebank = Treebank.open(corpus, true)) {
                while (treebank.hasNext() && read < maxSentences) {
                    addSentence(model, tokenizer, treebank.next().forms());
                    read++;
                }
            }
            LOG.info("contextual embeddings: " + read + " treebank sentences, " + counts.size()
                    + " of " + targets.size() + " target words seen");
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && read < maxSentences) {
                if (!line.isBlank()) {
                    addSentence(model, tokenizer, Arrays.asList(line.strip().split("\\s+")));
                    read++;
                }
            }
        } catch (IOException e) {
            throw new ExplaintException("cannot read corpus " + corpus + ": " + e.getMessage(), e);
        }
        LOG.info("contextual embeddings: " + read + " sentences, " + counts.size() + " of "
                + targets.size() + " target words seen");
    }

    /** Adds another accumulator's sums and counts (same layers, hidden size). */
    public void merge(ContextualEmbeddings other) {
        if (other.layers != layers || other.hidden != hidden) {
            throw new IllegalArgumentException("cannot merge accumulators of different shapes");
        }
        other.sums.forEach((word, s) -> {
            long[][] mine = sums.computeIfAbsent(word, k -> new long[layers][hidden]);
            for (int l = 0; l < layers; l++) {
                for (int j = 0; j < hidden; j++) {
                    mine[l][j] = add(mine[l][j], s[l][j], word);
                }
            }
        });
        other.counts.forEach((word, c) -> counts.merge(word, c, Integer::sum));
    }

    /** Number of occurrences seen of a word (0 when never seen). */
    public int count(String word) {
        return counts.getOrDefault(normalise(word), 0);
    }

    /** The averaged embeddings at one layer (0-based), keyed by lower-cased word. */
    public WordVectors layer(int layer) {
        Map<String, double[]> out = new LinkedHashMap<>();
        new java.util.TreeMap<>(sums).forEach((word, s) -> {
            double[] v = new double[hidden];
            int c = counts.get(word);
            for (int j = 0; j < v.length; j++) {
                v[j] = s[layer][j] * UNIT / c;
            }
            out.put(word, v);
        });
        return new WordVectors("contextual blocks." + layer + ".resid_post", hidden, out);
    }

    private static long add(long a, long b, String word) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new ExplaintException("the summed states of '" + word + "' leave the range of exact "
                    + "accumulation (|sum| < 2^31); the model's states are unusually large, or the word "
                    + "occurs too often: use fewer sentences", e);
        }
    }

    private static String normalise(String word) {
        return word.toLowerCase(Locale.ROOT).replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
    }
}
