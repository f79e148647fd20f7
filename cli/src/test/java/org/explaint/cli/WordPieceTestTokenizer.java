package org.explaint.cli;

import java.util.ArrayList;
import java.util.List;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;

/**
 * A test tokenizer over a 50-id vocabulary: [CLS]=1 and [SEP]=2 around the words; a word gets one
 * piece, or two when it is longer than five characters; piece ids come from the word's hash.
 */
final class WordPieceTestTokenizer implements Tokenizer {

    @Override
    public Encoding encode(String text) {
        return encodeWords(List.of(text.split(" ")));
    }

    @Override
    public Encoding encodeWords(List<String> words) {
        List<Integer> ids = new ArrayList<>(List.of(1));
        List<Integer> wordOf = new ArrayList<>(List.of(-1));
        for (int w = 0; w < words.size(); w++) {
            int pieces = words.get(w).length() > 5 ? 2 : 1;
            for (int p = 0; p < pieces; p++) {
                ids.add(3 + Math.floorMod(words.get(w).hashCode() * 31 + p, 47));
                wordOf.add(w);
            }
        }
        ids.add(2);
        wordOf.add(-1);
        int n = ids.size();
        List<String> text = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text.add("p" + ids.get(i));
        }
        return new Encoding(ids.stream().mapToInt(Integer::intValue).toArray(), text,
                wordOf.stream().mapToInt(Integer::intValue).toArray(), new int[n]);
    }

    @Override
    public String piece(int id) {
        return "p" + id;
    }

    @Override
    public int id(String piece) {
        return -1;
    }

    @Override
    public int vocabularySize() {
        return 50;
    }

    @Override
    public String decode(int[] ids) {
        return "";
    }
}
