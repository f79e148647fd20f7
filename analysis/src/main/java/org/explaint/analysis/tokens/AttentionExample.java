package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.List;
import org.explaint.analysis.heads.WordAttention;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;

/**
 * One sentence's word-level attention, raw and through the rollout, for the report's viewer.
 *
 * <p>{@code raw[layer][head]} is the head's attention brought to word level as head probing does
 * (to a word: sum over its pieces; from a word: mean over its pieces; special tokens dropped).
 * {@code rollout[layer]} is the attention rollout through blocks {@code 0..layer} (Abnar and
 * Zuidema 2020), brought to word level the same way: how much of the word's state after that
 * block is attributed to each input word. Values are rounded to three decimals, which is all a
 * picture can show and keeps the page small.
 *
 * @param words   the sentence's words
 * @param layers  number of blocks
 * @param heads   heads per block
 * @param raw     {@code [layer][head][query word][key word]}
 * @param rollout {@code [layer][query word][key word]}
 */
public record AttentionExample(List<String> words, int layers, int heads, double[][][][] raw,
                               double[][][] rollout) {

    /** Runs the model on one sentence and collects its attention at word level. */
    public static AttentionExample of(Transformer model, Tokenizer tokenizer, List<String> words) {
        ModelConfig config = model.config();
        Encoding encoding = tokenizer.encodeWords(words);
        List<String> hooks = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            hooks.add(HookNames.pattern(l));
        }
        Hooks capture = Hooks.capture(hooks);
        model.forward(TokenBatch.of(new TokenSequence(encoding.ids(), encoding.segments())), capture);

        // Word-level raw attention per head, and the head-averaged piece-level pattern per block.
        int n = encoding.length();
        double[][][][] raw = new double[config.layers()][][][];
        double[][][] averaged = new double[config.layers()][n][n];
        for (int l = 0; l < config.layers(); l++) {
            Tensor pattern = capture.cache(0).get(HookNames.pattern(l));
            float[][][] wordLevel = WordAttention.fromPieces(pattern, encoding);
            raw[l] = new double[config.heads()][][];
            for (int h = 0; h < config.heads(); h++) {
                raw[l][h] = rounded(wordLevel[h]);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        averaged[l][i][j] += pattern.get(h, i, j) / config.heads();
                    }
                }
            }
        }

        // Rollout after each block, at word level.
        double[][][] rollouts = AttentionRollout.rollouts(averaged);
        double[][][] rollout = new double[config.layers()][][];
        for (int l = 0; l < config.layers(); l++) {
            rollout[l] = rounded(WordAttribution.of(rollouts[l + 1], encoding));
        }
        return new AttentionExample(List.copyOf(words), config.layers(), config.heads(), raw, rollout);
    }

    private static double[][] rounded(float[][] m) {
        double[][] wide = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            wide[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                wide[i][j] = m[i][j];
            }
        }
        return rounded(wide);
    }

    private static double[][] rounded(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = Math.round(m[i][j] * 1000.0) / 1000.0;
            }
        }
        return out;
    }
}
