package org.explaint.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.explaint.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesAlignedHeaderOffsetsAndLittleEndianDataOfViews() throws IOException {
        float[] backing = {9f, 1f, 2f, 3f, 4f, 5f, 6f, 9f};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("blocks.0.attn.pattern", new Tensor(backing, 1, 1, 2, 3));
        tensors.put("embed", Tensor.of(new float[] {-1.5f, 0.25f}, 1, 2));
        Path file = dir.resolve("t.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("pieces", "[\"[CLS]\"]"));

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong(0);
        assertEquals(0, headerLength % 8);
        JsonNode header = new ObjectMapper().readTree(
                new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8).strip());
        assertEquals("[\"[CLS]\"]", header.path("__metadata__").path("pieces").asText());
        assertEquals("F32", header.path("embed").path("dtype").asText());
        assertEquals("[1,2,3]", header.path("blocks.0.attn.pattern").path("shape").toString());
        assertEquals("[0,24]", header.path("blocks.0.attn.pattern").path("data_offsets").toString());
        assertEquals("[24,32]", header.path("embed").path("data_offsets").toString());
        assertEquals(8 + headerLength + 32, bytes.capacity());

        int data = 8 + (int) headerLength;
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1f, bytes.getFloat(data + 4 * i));
        }
        assertEquals(-1.5f, bytes.getFloat(data + 24));
        assertEquals(0.25f, bytes.getFloat(data + 28));
    }
}
