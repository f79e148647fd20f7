package org.explaint.analysis.tokens;

import java.util.List;

/**
 * The few fields of a treebank sentence the claim re-scorer reads.
 *
 * <p>Deliberately small, so the analysis does not depend on how a corpus was read: the command
 * line fills it from the project's CoNLL-U reader ({@code org.explaint.text.conllu}).
 *
 * @param forms     word forms, in order
 * @param heads     per word, the 1-based id of its syntactic head, 0 for the root
 * @param relations per word, the universal relation (label with any {@code :subtype} stripped)
 */
public record DependencySentence(List<String> forms, int[] heads, String[] relations) {
    /** Checks that the three per-word arrays agree in length. */
    public DependencySentence {
        if (heads.length != forms.size() || relations.length != forms.size()) {
            throw new IllegalArgumentException("sentence arrays differ in length: forms " + forms.size()
                    + ", heads " + heads.length + ", relations " + relations.length);
        }
        forms = List.copyOf(forms);
    }

    /** Number of words. */
    public int size() {
        return forms.size();
    }
}
