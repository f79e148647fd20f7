package org.explaint.analysis.tokens;

import java.util.List;

/**
 * The result of a token-correspondence run.
 *
 * @param layers             per state layer, in order
 * @param sentences          sentences scored
 * @param trainingSentences  sentences the linear and MLP maps were fitted on (not scored for them)
 * @param trainingPositions  rows each map was fitted on
 * @param flowMaxLength      the flow length cap (positions, special tokens included)
 * @param flowSentences      sentences short enough for flow
 * @param layerDefinition    how layers map to hook points, in words
 * @param intervalMethod     how the intervals were computed, in words
 */
public record CorrespondenceResult(List<LayerCorrespondence> layers, int sentences, int trainingSentences,
                                   int trainingPositions, int flowMaxLength, int flowSentences,
                                   String layerDefinition, String intervalMethod) {

    /** The identity-map identifiability against {@code embed} at a state layer index. */
    public double identityRate(int layerIndex) {
        return layers.get(layerIndex).identifiability().get(Reference.EMBED.key())
                .get(MapKind.IDENTITY.key()).rate();
    }
}
