package org.explaint.analysis.tokens;

import java.util.Map;

/**
 * Token-correspondence results of one state layer.
 *
 * @param layer              the label: {@code 0..L}, or {@code final} (see {@link StateLayers})
 * @param hook               the hook point the states were read from
 * @param identifiability    reference key ({@code against_embed}, {@code against_token_embedding})
 *                           to map key ({@code identity}, {@code linear}, {@code mlp}) to rate
 * @param rolloutSelfShare   mean rollout weight of a position on its own token
 * @param flowSelfShare      mean flow share of a position from its own token (short sentences)
 */
public record LayerCorrespondence(String layer, String hook,
                                  Map<String, Map<String, Estimate>> identifiability,
                                  Estimate rolloutSelfShare, Estimate flowSelfShare) {
}
