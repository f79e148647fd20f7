package org.explaint.formats.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.DecoderSession;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.TokenSampler;
import org.explaint.runtime.testing.TestData;
import org.explaint.text.Llama2cTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cReaderTest {

    static LoadedModel stories260k() {
        return Llama2cReader.read(TestData.require("models/stories260K/stories260K.bin"));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = Llama2cReaderTest.class.getResourceAsStream("/llama2c/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void headerGivesTheStories260kShape() {
        ModelConfig c = stories260k().transformer().config();
        assertEquals(Arrays.asList(64, 172, 5, 8, 4, 512, 512), Arrays.asList(c.hidden(), c.mlpHidden(),
                c.layers(), c.heads(), c.kvHeads(), c.vocabSize(), c.maxPositions()));
        assertEquals(8, c.headDim());
    }

    /*
     * llama2.c's test_all.py runs `run stories260K.bin -z tok512.bin -t 0.0 -n 200`: 200 forward
     * steps starting from BOS, each printing the token it predicts (the last one is never fed
     * back), with the leading space of the first piece dropped. We reproduce that text exactly.
     */
    @Test
    void greedyGenerationFromBosReproducesLlama2cTestAllExpectedText() throws IOException {
        LoadedModel model = stories260k();
        DecoderSession session = new DecoderSession(model.transformer());
        int[] ids = new int[201];
        ids[0] = Llama2cTokenizer.BOS;
        int n = 1;
        for (int step = 0; step < 200; step++) {
            int next = TokenSampler.argmax(session.appendLast(ids[n - 1]));
            if (next == Llama2cTokenizer.BOS || next == Llama2cTokenizer.EOS) {
                break;
            }
            ids[n++] = next;
        }
        assertEquals(201, n, "llama2.c's run stops only at BOS; this text has none");
        String text = model.tokenizer().decode(Arrays.copyOf(ids, n));
        assertEquals(resource("stories260K_greedy_200.txt"), text);
    }

    @Test
    void truncatedCheckpointIsRejectedBeforeAllocating(@TempDir Path dir) throws IOException {
        byte[] all = Files.readAllBytes(TestData.require("models/stories260K/stories260K.bin"));
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(all, all.length - 4));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Llama2cReader.readTransformer(cut));
        assertTrue(e.getMessage().contains("implies 1056540"), e.getMessage());
    }

    @Test
    void interleavedRotaryRowsMoveToTheHalfSplitLayout() {
        int[] moved = new int[8];
        for (int o = 0; o < 8; o++) {
            moved[o] = Llama2cReader.halfSplitIndex(o, 8);
        }
        assertEquals("[0, 4, 1, 5, 2, 6, 3, 7]", Arrays.toString(moved));
        assertEquals(8 + 4, Llama2cReader.halfSplitIndex(8 + 1, 8));
    }
}
