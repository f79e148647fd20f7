package org.explaint.spark;

import java.io.Serializable;
import java.util.List;
import org.explaint.text.conllu.Sentence;
import org.explaint.text.conllu.Treebank;

/**
 * One CoNLL-U sentence as it is shipped to an executor: its text block, not a parsed object, so
 * what travels is plain text and the executor parses it with the same code the single-machine
 * run uses.
 *
 * @param index     the sentence's 0-based position among the corpus's well-formed sentences
 *                  (the number the single-machine run gives it)
 * @param firstLine the 1-based file line of the block's first line, for error messages
 * @param text      the block's lines joined by {@code \n}
 */
public record SentenceBlock(int index, int firstLine, String text) implements Serializable {

    /** Parses the block; {@code file} names the treebank in error messages. */
    public Sentence parse(String file) {
        return Treebank.parseBlock(file, new Treebank.Block(List.of(text.split("\n", -1)), firstLine));
    }
}
