package org.explaint.spark;

import java.io.Serializable;
import java.util.List;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;

/**
 * One sentence as it is shipped to an executor: its text, not a parsed object, so what travels
 * is plain text and the executor parses it with the same code the single-machine run uses.
 * A CoNLL-U block carries its lines; a sentence of a plain-text corpus is one line of words
 * separated by white space.
 *
 * @param index     the sentence's 0-based position among the corpus's well-formed sentences
 *                  (the number the single-machine run gives it)
 * @param firstLine the 1-based file line of the block's first line, for error messages
 * @param text      the block's lines joined by {@code \n}, or the plain-text line
 * @param plain     whether the sentence comes from a plain-text corpus (no dependency tree)
 */
public record SentenceBlock(int index, int firstLine, String text, boolean plain) implements Serializable {

    /** A CoNLL-U block. */
    public SentenceBlock(int index, int firstLine, String text) {
        this(index, firstLine, text, false);
    }

    /**
     * Parses the CoNLL-U block; {@code file} names the treebank in error messages.
     *
     * @throws ExplaintException for a plain-text sentence, which has no dependency tree
     */
    public Sentence parse(String file) {
        if (plain) {
            throw new ExplaintException("this analysis needs dependency trees, but " + file + " is read as "
                    + "plain text (its name does not end in .conllu); give a CoNLL-U treebank");
        }
        return Treebank.parseBlock(file, new Treebank.Block(List.of(text.split("\n", -1)), firstLine));
    }

    /** The sentence's words: the FORM column of a CoNLL-U block, or the line split at white space. */
    public List<String> words(String file) {
        return plain ? List.of(text.strip().split("\\s+")) : parse(file).forms();
    }
}
