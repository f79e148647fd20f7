package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesMatchingHooksAndTokensToSafetensorsAndSidecar() throws IOException {
        Path out = dir.resolve("cat.safetensors");
        int code = Main.run("trace", "--model", "minilm", "--text", "The cat sat.", "--out", out.toString(),
                "--hooks", "blocks\\.\\d+\\.attn\\.pattern|embed");
        assertEquals(0, code);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) bytes.getLong(0);
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8));
        assertEquals(1 + 6 + 1, header.size(), header.toString());
        assertEquals("[12,6,6]", header.path("blocks.5.attn.pattern").path("shape").toString());
        assertEquals("[6,384]", header.path("embed").path("shape").toString());
        assertEquals("[\"[CLS]\",\"the\",\"cat\",\"sat\",\".\",\"[SEP]\"]",
                header.path("__metadata__").path("pieces").asText());

        // Each attention row sums to one.
        long begin = header.path("blocks.0.attn.pattern").path("data_offsets").get(0).asLong();
        float row = 0f;
        for (int k = 0; k < 6; k++) {
            row += bytes.getFloat(8 + headerLength + (int) begin + 4 * k);
        }
        assertEquals(1f, row, 1e-5f);

        JsonNode tokens = json.readTree(dir.resolve("cat.tokens.json").toFile());
        assertEquals("[-1,0,1,2,3,-1]", tokens.path("word_of").toString());
        assertEquals("[101,1996,4937,2938,1012,102]", tokens.path("ids").toString());
    }

    @Test
    void userErrorsExitWithOne() {
        String out = dir.resolve("t.safetensors").toString();
        assertEquals(Main.USER_ERROR, Main.run("trace", "--model", "no-such-model", "--text", "x", "--out", out));
        assertEquals(Main.USER_ERROR, Main.run("trace", "--model", "minilm", "--text", "word ".repeat(600),
                "--out", out));
        assertEquals(Main.USER_ERROR, Main.run("trace", "--model", "minilm", "--text", "x",
                "--out", dir.resolve("missing/folder/t.safetensors").toString()));
        assertEquals(Main.USER_ERROR, Main.run("trace", "--model", "minilm", "--text", "x", "--out", out,
                "--hooks", "nothing\\.matches"));
        assertTrue(Files.notExists(dir.resolve("missing")));
    }
}
