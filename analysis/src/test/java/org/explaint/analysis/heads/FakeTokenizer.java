package org.explaint.analysis.heads;

import java.util.ArrayList;
import java.util.List;
import org.explaint.text.Encoding;
import org.explaint.text.Tokenizer;

/** A deterministic test tokenizer: words split into pieces of up to three characters. */
final class FakeTokenizer implements Tokenizer {
    static final int CLS = 1;
    static final int SEP = 2;
    private final int vocabulary;
    private final boolean specials;

    FakeTokenizer(int vocabulary, boolean specials) {
        this.vocabulary = vocabulary;
        this.specials = specials;
    }

    @Override
    public Encoding encode(String text) {
        return encodeWords(List.of(text.split(" ")));
    }

    @Override
    public Encoding encodeWords(List<String> words) {
        List<Integer> ids = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        List<Integer> wordOf = new ArrayList<>();
        if (specials) {
            ids.add(CLS);
            pieces.add("[CLS]");
            wordOf.add(-1);
        }
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            for (int start = 0; start < word.length(); start += 3) {
                String piece = word.substring(start, Math.min(word.length(), start + 3));
                ids.add(3 + Math.floorMod(piece.hashCode(), vocabulary - 3));
                pieces.add(piece);
                wordOf.add(w);
            }
        }
        if (specials) {
            ids.add(SEP);
            pieces.add("[SEP]");
            wordOf.add(-1);
        }
        int[] idArray = ids.stream().mapToInt(Integer::intValue).toArray();
        return new Encoding(idArray, pieces, wordOf.stream().mapToInt(Integer::intValue).toArray(),
                new int[idArray.length]);
    }

    @Override
    public String piece(int id) {
        return "#" + id;
    }

    @Override
    public int id(String piece) {
        return -1;
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public String decode(int[] ids) {
        return "";
    }
}
