package org.explaint.text;

import java.util.List;

/**
 * Turns text into model token ids while remembering which word each piece came from.
 *
 * <p>Analyses work on words (treebank tokens, norm concepts) while models see pieces; the
 * alignment in {@link Encoding} is what lets attention and states be aggregated per word.
 * Implementations add the model's special tokens ({@code [CLS]}/{@code [SEP]}, a start token)
 * exactly as the model was trained, and never pad or truncate.
 */
public interface Tokenizer {

    /** Encodes free text; word indices follow the tokenizer's own pre-tokenisation. */
    Encoding encode(String text);

    /**
     * Encodes text given as words (e.g. the forms of a treebank sentence): each word is
     * tokenised as if the words were joined by single spaces, and every piece records the index
     * of the word it came from.
     */
    Encoding encodeWords(List<String> words);

    /** The text of one token id (a piece as the vocabulary spells it). */
    String piece(int id);

    /** The id of a piece, or -1 when the vocabulary lacks it. */
    int id(String piece);

    /** Number of entries in the vocabulary. */
    int vocabularySize();

    /** Joins ids back into text (for generation), dropping special tokens. */
    String decode(int[] ids);
}
