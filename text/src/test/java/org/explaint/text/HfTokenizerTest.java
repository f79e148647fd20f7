package org.explaint.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {
    @TempDir
    static Path dir;
    static HfTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        try (InputStream in = HfTokenizerTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        tokenizer = HfTokenizer.load(file);
    }

    @Test
    void encodesTextWithSpecialTokensAndWithoutPaddingOrTruncation() {
        Encoding e = tokenizer.encode("The cat sat.");
        assertEquals(List.of("[CLS]", "the", "cat", "sat", ".", "[SEP]"), e.pieces());
        assertArrayEquals(new int[] {101, 1996, 4937, 2938, 1012, 102}, e.ids());
        assertEquals(-1, e.wordOf()[0]);
        assertEquals(-1, e.wordOf()[5]);

        String longText = "word ".repeat(600);
        assertEquals(602, tokenizer.encode(longText).length());
    }

    @Test
    void vocabularyMapsPiecesAndIds() {
        assertEquals(30522, tokenizer.vocabularySize());
        assertEquals(101, tokenizer.id("[CLS]"));
        assertEquals("##ing", tokenizer.piece(tokenizer.id("##ing")));
        assertEquals(-1, tokenizer.id("no such piece"));
        assertEquals("the cat", tokenizer.decode(new int[] {101, 1996, 4937, 102}));
    }

    @Test
    void wordsKeepTheirIndexAcrossSplitsAndAccents() {
        Encoding e = tokenizer.encodeWords(List.of("Café", "don't", "unbelievably"));
        assertEquals(List.of("[CLS]", "cafe", "don", "'", "t", "un", "##bel", "##ie", "##va", "##bly", "[SEP]"),
                e.pieces());
        assertArrayEquals(new int[] {-1, 0, 1, 1, 1, 2, 2, 2, 2, 2, -1}, e.wordOf());
    }

    @Test
    void everyWordOfEwtDevGetsPiecesThatSpellIt() throws IOException {
        List<List<String>> sentences = forms(TestData.ewtDev());
        long pieces = 0;
        int unknownWords = 0;
        for (List<String> words : sentences) {
            Encoding e = tokenizer.encodeWords(words);
            assertEquals(-1, e.wordOf()[0]);
            assertEquals(-1, e.wordOf()[e.length() - 1]);
            List<int[]> byWord = e.positionsByWord();
            assertEquals(words.size(), byWord.size(), () -> "word count differs for " + words);
            for (int w = 0; w < words.size(); w++) {
                int[] positions = byWord.get(w);
                String word = words.get(w);
                assertTrue(positions.length > 0, () -> "no pieces for '" + word + "' in " + words);
                StringBuilder spelled = new StringBuilder();
                boolean unknown = false;
                for (int p : positions) {
                    String piece = e.pieces().get(p);
                    unknown |= piece.equals("[UNK]");
                    spelled.append(piece.startsWith("##") ? piece.substring(2) : piece);
                }
                if (unknown) {
                    unknownWords++;
                } else {
                    assertEquals(bertNormalised(word), spelled.toString(), () -> "pieces of '" + word + "'");
                }
                pieces += positions.length;
            }
        }
        System.err.println("EWT dev: " + sentences.size() + " sentences, " + pieces
                + " word pieces without specials, " + unknownWords + " words with [UNK]");
        assertEquals(2001, sentences.size());
        // Python tokenizers 0.23 (is_pretokenized=True, or the words joined by spaces) gives 30,012.
        assertEquals(30_012, pieces);
    }

    // BERT's normaliser: drop control characters, strip accents, lowercase; spaces vanish in pieces.
    private static String bertNormalised(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder();
        decomposed.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type != Character.NON_SPACING_MARK && type != Character.CONTROL && type != Character.FORMAT
                    && !Character.isWhitespace(c) && c != 0xFFFD) {
                out.appendCodePoint(Character.toLowerCase(c));
            }
        });
        return out.toString();
    }

    // The FORM column of every integer-ID line, per sentence; ranges and empty nodes skipped.
    static List<List<String>> forms(Path conllu) throws IOException {
        List<List<String>> sentences = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(conllu)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    sentences.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols[0].matches("\\d+")) {
                current.add(cols[1]);
            }
        }
        if (!current.isEmpty()) {
            sentences.add(current);
        }
        assertFalse(sentences.isEmpty());
        return sentences;
    }
}
