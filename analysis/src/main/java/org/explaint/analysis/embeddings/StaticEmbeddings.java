package org.explaint.analysis.embeddings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.Transformer;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;

/**
 * Static (input) embeddings of words: rows of a model's token embedding table.
 *
 * <p>A word is tokenised alone with {@link Tokenizer#encodeWords}; special tokens are ignored
 * and the word's vector is the mean of its pieces' rows ({@link Pooling#MEAN}) or its first
 * piece's row ({@link Pooling#FIRST_PIECE}). A word that yields no piece is left out, so the
 * caller's coverage report lists it. Words are looked up as given: cased models see the case.
 */
public final class StaticEmbeddings {

    /** How a word's pieces are combined. */
    public enum Pooling {
        /** The mean of the pieces' rows. */
        MEAN,
        /** The first piece's row only. */
        FIRST_PIECE
    }

    private StaticEmbeddings() {
    }

    /** The static embeddings of the given words. */
    public static WordVectors of(Transformer model, Tokenizer tokenizer, List<String> words,
                                 Pooling pooling) {
        Tensor table = model.tokenEmbeddings(); // [vocab, hidden]
        int hidden = table.dim(1);
        float[] data = table.data();
        int offset = table.offset();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String word : words) {
            Encoding enc = tokenizer.encodeWords(List.of(word));
            double[] v = new double[hidden];
            int pieces = 0;
            for (int p = 0; p < enc.length(); p++) {
                if (enc.isSpecial(p) || (pooling == Pooling.FIRST_PIECE && pieces == 1)) {
                    continue;
                }
                int row = offset + enc.ids()[p] * hidden;
                for (int j = 0; j < hidden; j++) {
                    v[j] += data[row + j];
                }
                pieces++;
            }
            if (pieces > 0) {
                for (int j = 0; j < hidden; j++) {
                    v[j] /= pieces;
                }
                out.put(word, v);
            }
        }
        return new WordVectors("static input embeddings (" + pooling + ")", hidden, out);
    }
}
