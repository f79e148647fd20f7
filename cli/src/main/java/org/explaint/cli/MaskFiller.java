package org.explaint.cli;

import java.util.ArrayList;
import java.util.List;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;

/**
 * Predicts the tokens a masked language model puts at each {@code [MASK]} of a text: the
 * masked-LM head's logits at that position, turned into probabilities over the whole vocabulary.
 */
final class MaskFiller {
    /** The mask token of BERT-family vocabularies. */
    static final String MASK = "[MASK]";

    /** One candidate token for a mask and its probability. */
    record Candidate(int id, String piece, double probability) {
    }

    /**
     * The candidates for one mask.
     *
     * @param position   the mask's position in the encoded sequence (special tokens counted)
     * @param candidates the most probable tokens, best first
     */
    record Prediction(int position, List<Candidate> candidates) {
    }

    private MaskFiller() {
    }

    /**
     * The {@code top} most probable tokens at every mask of {@code text}.
     *
     * @throws ExplaintException when the model has no masked-LM head or the text has no mask
     */
    static List<Prediction> predict(LoadedModel model, String text, int top) {
        Transformer transformer = model.transformer();
        Tokenizer tokenizer = model.tokenizer();
        if (!transformer.hasLogitHead() || transformer.config().causal()) {
            throw new ExplaintException("model '" + model.name() + "' has no masked-LM head, so it "
                    + "cannot fill masks (sentence-embedding exports such as minilm drop it, and "
                    + "causal models predict the next token instead); use bert-base-uncased");
        }
        if (top < 1) {
            throw new ExplaintException("--top must be at least 1, got " + top);
        }
        int maskId = tokenizer.id(MASK);
        if (maskId < 0) {
            throw new ExplaintException("the tokenizer of model '" + model.name() + "' has no "
                    + MASK + " token; fill-mask needs a BERT-style vocabulary");
        }

        // Encode and find the masks.
        Encoding encoding = tokenizer.encode(text);
        List<Integer> masks = new ArrayList<>();
        for (int p = 0; p < encoding.length(); p++) {
            if (encoding.ids()[p] == maskId) {
                masks.add(p);
            }
        }
        if (masks.isEmpty()) {
            throw new ExplaintException("the text \"" + text + "\" has no " + MASK + "; write "
                    + MASK + " where a word should be predicted, e.g. \"the capital of france is "
                    + MASK + " .\"");
        }

        // Final states, then logits only at the mask rows.
        Tensor states = transformer.forward(TokenBatch.of(new TokenSequence(encoding.ids(),
                encoding.segments())), Hooks.none()).getFirst();
        int hidden = transformer.config().hidden();
        Tensor rows = Tensor.zeros(masks.size(), hidden);
        for (int m = 0; m < masks.size(); m++) {
            rows.slice(m).copyFrom(states.slice(masks.get(m)));
        }
        Tensor logits = transformer.logits(rows);                             // [mask, vocab]

        List<Prediction> out = new ArrayList<>();
        for (int m = 0; m < masks.size(); m++) {
            out.add(new Prediction(masks.get(m), best(logits.slice(m), top, tokenizer)));
        }
        return out;
    }

    // Softmax in double, then the `top` largest probabilities (ties by lower id).
    private static List<Candidate> best(Tensor logits, int top, Tokenizer tokenizer) {
        int vocab = logits.size();
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < vocab; t++) {
            max = Math.max(max, logits.get(t));
        }
        double sum = 0;
        for (int t = 0; t < vocab; t++) {
            sum += Math.exp(logits.get(t) - max);
        }
        int k = Math.min(top, vocab);
        int[] ids = new int[k];
        float[] values = new float[k];
        int filled = 0;
        for (int t = 0; t < vocab; t++) {
            float v = logits.get(t);
            if (filled == k && v <= values[k - 1]) {
                continue;
            }
            int at = filled < k ? filled++ : k - 1;
            while (at > 0 && values[at - 1] < v) {
                values[at] = values[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            values[at] = v;
            ids[at] = t;
        }
        List<Candidate> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            double p = Math.exp(values[i] - max) / sum;
            out.add(new Candidate(ids[i], tokenizer.piece(ids[i]), p));
        }
        return out;
    }
}
