package org.explaint.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

class Llama2cTokenizerTest {

    private static Llama2cTokenizer tok512() {
        return Llama2cTokenizer.read(TestData.require("models/stories260K/tok512.bin"));
    }

    @Test
    void readsAll512PiecesWithByteTokensAtThree() {
        Llama2cTokenizer t = tok512();
        assertEquals(512, t.vocabularySize());
        assertEquals("<0x0A>", t.piece(3 + 10));
        assertEquals(Llama2cTokenizer.BOS, t.encode("hi").ids()[0]);
    }

    @Test
    void unknownCharactersFallBackToTheirUtf8BytesAndDecodeBack() {
        Llama2cTokenizer t = tok512();
        Encoding e = t.encode("snow \u2603 fell");
        assertTrue(e.pieces().containsAll(List.of("<0xE2>", "<0x98>", "<0x83>")), e.pieces().toString());
        assertEquals("snow \u2603 fell", t.decode(e.ids()));
    }

    @Test
    void emptyTextIsJustTheStartToken() {
        assertArrayEquals(new int[] {1}, tok512().encode("").ids());
    }

    @Test
    void everyPieceRecordsItsWord() {
        Llama2cTokenizer t = tok512();
        Encoding e = t.encodeWords(List.of("The", "dragonfly", "slept", "."));
        assertEquals(-1, e.wordOf()[0]);
        assertEquals(4, e.wordCount());
        StringBuilder rebuilt = new StringBuilder();
        int lastWord = -1;
        for (int p = 1; p < e.length(); p++) {
            assertTrue(e.wordOf()[p] >= lastWord, "word indices never go back");
            lastWord = e.wordOf()[p];
            rebuilt.append(e.pieces().get(p));
        }
        assertEquals(" The dragonfly slept .", rebuilt.toString());
        int[] dragonfly = e.positionsByWord().get(1);
        StringBuilder word = new StringBuilder();
        for (int p : dragonfly) {
            word.append(e.pieces().get(p));
        }
        assertEquals(" dragonfly", word.toString());
    }
}
