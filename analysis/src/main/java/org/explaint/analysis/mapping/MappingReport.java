package org.explaint.analysis.mapping;

import java.util.List;
import java.util.Map;

/**
 * The full outcome of a feature-norm mapping study: the real scores, every control, the
 * coverage of the norms by the embeddings, and the verdict.
 *
 * @param mapper       the mapper and its settings
 * @param norms        where the norms came from
 * @param embeddings   where the embeddings came from
 * @param conceptsUsed number of concepts that entered cross-validation
 * @param missing      concepts the embeddings could not cover (never silently dropped)
 * @param sharedWords  concepts that share a surface word with another concept
 * @param features     number of norm features
 * @param folds        number of cross-validation folds
 * @param permutations seeded repetitions of each random control
 * @param seed         the seed of fold assignment and controls
 * @param threshold    the F1 binarisation threshold
 * @param neighbours   N of the neighbourhood accuracy
 * @param real         metric name to the real score
 * @param controls     every control's outcome
 * @param verdict      the verdict under the stated rule
 */
public record MappingReport(String mapper, String norms, String embeddings, int conceptsUsed,
                            List<String> missing, List<String> sharedWords, int features,
                            int folds, int permutations, long seed, double threshold,
                            int neighbours, Map<String, Score> real, List<ControlOutcome> controls,
                            MappingVerdict verdict) {
}
