package org.explaint.analysis.lens;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One token the lens predicts at a position.
 *
 * @param token       the token id
 * @param logit       its lens logit
 * @param probability its softmax probability over the whole vocabulary
 */
public record LensPrediction(int token, float logit, float probability) {

    /** The {@code k} largest logits of a row, most probable first (lower id first on ties). */
    public static List<LensPrediction> top(float[] logits, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        PriorityQueue<Integer> heap = new PriorityQueue<>(
                (a, b) -> logits[a] != logits[b] ? Float.compare(logits[a], logits[b]) : Integer.compare(b, a));
        for (int i = 0; i < logits.length; i++) {
            heap.add(i);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        List<LensPrediction> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            int t = heap.poll();
            out.add(0, new LensPrediction(t, logits[t], (float) (Math.exp(logits[t] - max) / sum)));
        }
        return out;
    }
}
