package org.explaint.analysis.embeddings;

import java.util.ArrayList;
import java.util.List;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;

/**
 * A test tokenizer: [CLS] word pieces [SEP], each word cut into pieces of three letters whose
 * ids are their hash modulo the vocabulary (ids 0 and 1 are [CLS] and [SEP]).
 */
final class PieceTokenizer implements Tokenizer {
    private final int vocab;

    PieceTokenizer(int vocab) {
        this.vocab = vocab;
    }

    static List<String> pieces(String word) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < word.length(); i += 3) {
            out.add(word.substring(i, Math.min(word.length(), i + 3)));
        }
        return out;
    }

    int idOf(String piece) {
        return 2 + Math.floorMod(piece.hashCode(), vocab - 2);
    }

    @Override
    public Encoding encode(String text) {
        return encodeWords(List.of(text.split(" ")));
    }

    @Override
    public Encoding encodeWords(List<String> words) {
        List<Integer> ids = new ArrayList<>(List.of(0));
        List<String> pieces = new ArrayList<>(List.of("[CLS]"));
        List<Integer> wordOf = new ArrayList<>(List.of(-1));
        for (int w = 0; w < words.size(); w++) {
            for (String p : pieces(words.get(w))) {
                ids.add(idOf(p));
                pieces.add(p);
                wordOf.add(w);
            }
        }
        ids.add(1);
        pieces.add("[SEP]");
        wordOf.add(-1);
        return new Encoding(ids.stream().mapToInt(Integer::intValue).toArray(), pieces,
                wordOf.stream().mapToInt(Integer::intValue).toArray(), new int[ids.size()]);
    }

    @Override
    public String piece(int id) {
        return "#" + id;
    }

    @Override
    public int id(String piece) {
        return idOf(piece);
    }

    @Override
    public int vocabularySize() {
        return vocab;
    }

    @Override
    public String decode(int[] ids) {
        return "";
    }
}
