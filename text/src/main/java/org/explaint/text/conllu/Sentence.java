package org.explaint.text.conllu;

import java.util.List;

/**
 * One sentence of a treebank: its syntactic words and the metadata the file gave.
 *
 * @param id    the {@code # sent_id} comment, or {@code line-N} when the file has none
 * @param text  the {@code # text} comment, or the forms joined by spaces when the file has none
 * @param words the syntactic words in order; word {@code i} (0-based) has id {@code i + 1}
 * @param line  the 1-based line of the file where the sentence starts
 */
public record Sentence(String id, String text, List<Word> words, int line) {

    /** Copies the word list so the sentence cannot change afterwards. */
    public Sentence {
        words = List.copyOf(words);
    }

    /** Number of syntactic words. */
    public int size() {
        return words.size();
    }

    /** The word with a 1-based id. */
    public Word word(int id) {
        return words.get(id - 1);
    }

    /** The forms of the words, in order (the input of a tokenizer's word encoding). */
    public List<String> forms() {
        return words.stream().map(Word::form).toList();
    }
}
