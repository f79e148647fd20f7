package org.explaint.analysis.embeddings;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.explaint.runtime.ExplaintException;

/**
 * A table of word vectors, one per word, all of one dimension.
 *
 * <p>Read from word2vec or GloVe text files: one word per line followed by its numbers,
 * separated by spaces; word2vec's optional first line {@code <count> <dimension>} is
 * recognised. The dimension is fixed by the first vector line; a line with another count of
 * numbers is an error naming file and line. A word listed twice keeps its first vector.
 */
public final class WordVectors {
    private static final Logger LOG = Logger.getLogger(WordVectors.class.getName());

    private final String source;
    private final int dimension;
    private final Map<String, double[]> vectors;

    /** Wraps vectors (not copied) that all have {@code dimension} entries. */
    public WordVectors(String source, int dimension, Map<String, double[]> vectors) {
        for (Map.Entry<String, double[]> e : vectors.entrySet()) {
            if (e.getValue().length != dimension) {
                throw new IllegalArgumentException("vector of '" + e.getKey() + "' has "
                        + e.getValue().length + " entries, expected " + dimension);
            }
        }
        this.source = source;
        this.dimension = dimension;
        this.vectors = Collections.unmodifiableMap(vectors);
    }

    /** Where the vectors came from. */
    public String source() {
        return source;
    }

    /** Number of entries per vector. */
    public int dimension() {
        return dimension;
    }

    /** The vector of a word, or {@code null} when the table lacks it. */
    public double[] vector(String word) {
        return vectors.get(word);
    }

    /** The words, in file order. */
    public List<String> words() {
        return List.copyOf(vectors.keySet());
    }

    /** Reads a word2vec or GloVe text file. */
    public static WordVectors read(Path path) {
        Map<String, double[]> vectors = new LinkedHashMap<>();
        int dimension = -1;
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String[] parts = line.strip().split("\\s+");
                if (line.isBlank()) {
                    continue;
                }
                if (lineNumber == 1 && parts.length == 2 && isInteger(parts[0]) && isInteger(parts[1])) {
                    continue; // word2vec header: count and dimension
                }
                if (dimension < 0) {
                    dimension = parts.length - 1;
                }
                if (parts.length != dimension + 1) {
                    throw new ExplaintException("word-vector file " + path + " line " + lineNumber
                            + " has " + (parts.length - 1) + " numbers, earlier lines have "
                            + dimension + ". Is it a word2vec/GloVe text file (binary files are "
                            + "not read)?");
                }
                double[] v = new double[dimension];
                for (int j = 0; j < dimension; j++) {
                    try {
                        v[j] = Double.parseDouble(parts[j + 1]);
                    } catch (NumberFormatException e) {
                        throw new ExplaintException("word-vector file " + path + " line " + lineNumber
                                + ": '" + parts[j + 1] + "' is not a number.");
                    }
                }
                vectors.putIfAbsent(parts[0], v);
            }
        } catch (IOException e) {
            throw new ExplaintException("cannot read word-vector file " + path + ": " + e.getMessage(), e);
        }
        if (dimension < 1) {
            throw new ExplaintException("word-vector file " + path + " holds no vectors.");
        }
        LOG.info("read " + vectors.size() + " vectors of dimension " + dimension + " from " + path);
        return new WordVectors(path.getFileName().toString(), dimension, vectors);
    }

    private static boolean isInteger(String s) {
        return s.chars().allMatch(Character::isDigit) && !s.isEmpty();
    }
}
