package org.explaint.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the safetensors reader: dtype conversion and rejection of every inconsistent header. */
class SafetensorsReaderTest {
    @TempDir
    Path dir;

    /** Writes a safetensors file from a header text and a data section. */
    Path file(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.write(json);
        out.write(data);
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    static byte[] littleEndian(int bytesPerValue, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPerValue) {
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    @Test
    void readsF32F16Bf16AndF64AsFloat32() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(littleEndian(4, Float.floatToIntBits(1.5f), Float.floatToIntBits(-2f),
                Float.floatToIntBits(3.25f), Float.floatToIntBits(0f), Float.floatToIntBits(7f),
                Float.floatToIntBits(-0.125f)));
        data.write(littleEndian(2, Float.floatToFloat16(0.333f), Float.floatToFloat16(-65504f)));
        data.write(littleEndian(2, Float.floatToIntBits(2.5f) >>> 16, Float.floatToIntBits(-1e30f) >>> 16));
        data.write(littleEndian(8, Double.doubleToLongBits(0.1)));
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[24,28]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[28,32]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[32,40]}}";
        try (SafetensorsReader r = SafetensorsReader.open(file("ok.safetensors", header, data.toByteArray()))) {
            assertEquals(List.of("a", "h", "b", "d"), List.copyOf(r.names()));
            assertEquals("pt", r.metadata().get("format"));
            Tensor a = r.read("a");
            assertArrayEquals(new int[] {2, 3}, a.shape());
            assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 0f, 7f, -0.125f}, a.toArray());
            assertArrayEquals(new float[] {Float.float16ToFloat(Float.floatToFloat16(0.333f)), -65504f},
                    r.read("h").toArray());
            assertArrayEquals(new float[] {2.5f, Float.intBitsToFloat(Float.floatToIntBits(-1e30f) & 0xFFFF0000)},
                    r.read("b").toArray());
            assertEquals(0.1f, r.read("d").get());
        }
    }

    @Test
    void readsBackWhatSafetensorsWriterWrote() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of(new float[] {1f, -2.5f, 3e-8f, Float.MAX_VALUE, -0f, 6f}, 3, 2));
        tensors.put("b", Tensor.of(new float[] {42f}, 1));
        Path p = dir.resolve("round.safetensors");
        SafetensorsWriter.write(p, tensors, Map.of("source", "test"));
        try (SafetensorsReader r = SafetensorsReader.open(p)) {
            assertEquals(List.of("a", "b"), List.copyOf(r.names()));
            assertEquals("test", r.metadata().get("source"));
            assertArrayEquals(tensors.get("a").toArray(), r.read("a").toArray());
            assertArrayEquals(new int[] {3, 2}, r.read("a").shape());
            assertArrayEquals(new float[] {42f}, r.read("b").toArray());
        }
    }

    @Test
    void rejectsATensorLargerThanTheFileNamingFileAndTensor() throws IOException {
        Path p = file("big.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4000000000]}}", new byte[16]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsReader.open(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() throws IOException {
        Path p = dir.resolve("len.safetensors");
        Files.write(p, littleEndian(8, 1L << 40));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsReader.open(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsAFileShorterThanTheLengthField() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[5]);
        assertThrows(ModelFormatException.class, () -> SafetensorsReader.open(p));
    }

    @Test
    void rejectsOffsetsThatDisagreeWithShapeAndDtype() throws IOException {
        Path p = file("size.safetensors", "{\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                new byte[8]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsReader.open(p));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("needs 6 bytes"), e.getMessage());
    }

    @Test
    void rejectsOverlappingTensors() throws IOException {
        Path p = file("overlap.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsReader.open(p));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    @Test
    void rejectsMalformedEntries() throws IOException {
        for (String header : List.of("[1,2]", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}",
                "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "{not json")) {
            Path p = file("bad.safetensors", header, new byte[8]);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsReader.open(p),
                    header);
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        }
    }

    @Test
    void refusesToReadIntegerTensorsAsWeights() throws IOException {
        Path p = file("ints.safetensors", "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                new byte[8]);
        try (SafetensorsReader r = SafetensorsReader.open(p)) {
            assertEquals("I64", r.entry("ids").dtype());
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> r.read("ids"));
            assertTrue(e.getMessage().contains("I64"), e.getMessage());
            assertThrows(ModelFormatException.class, () -> r.read("absent"));
        }
    }
}
