package org.explaint.text.conllu;

/**
 * One syntactic word of a CoNLL-U sentence (multiword-token ranges and empty nodes are not words
 * here).
 *
 * @param id       1-based index of the word within its sentence
 * @param form     the word form as written
 * @param lemma    the lemma ({@code _} where the file leaves it out)
 * @param upos     the universal part-of-speech tag
 * @param head     the id of the syntactic head, 0 for the root
 * @param deprel   the full dependency label, subtype included (e.g. {@code nmod:poss})
 * @param relation the universal relation: the label with any {@code :subtype} stripped
 *                 (e.g. {@code nmod})
 * @param line     the 1-based line of the file this word was read from
 */
public record Word(int id, String form, String lemma, String upos, int head, String deprel,
                   String relation, int line) {

    /** A word whose universal relation is derived from the full label. */
    public static Word of(int id, String form, String lemma, String upos, int head, String deprel,
                          int line) {
        int colon = deprel.indexOf(':');
        String relation = colon < 0 ? deprel : deprel.substring(0, colon);
        return new Word(id, form, lemma, upos, head, deprel, relation, line);
    }

    /** Whether this word is the root of its sentence (head 0). */
    public boolean isRoot() {
        return head == 0;
    }
}
