package org.explaint.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.explaint.formats.gguf.GgufReader;
import org.explaint.formats.llama2c.Llama2cReader;
import org.explaint.formats.onnx.OnnxBertReader;
import org.explaint.formats.safetensors.SafetensorsReader;
import org.explaint.formats.tf.TensorBundle;
import org.explaint.runtime.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The damaged and forged files listed in docs/hardening.md, each with the error a user gets.
 * The messages printed (lines starting {@code HARDENING}) are the ones the table quotes.
 */
class FormatsHardeningTest {
    @TempDir
    Path temp;

    @Test
    void truncatedSafetensorsHeader() throws IOException {
        expect("truncated safetensors header", () -> SafetensorsReader.open(file("a.safetensors",
                new byte[] {12, 0, 0})), "shorter than the 8-byte header length");
    }

    @Test
    void safetensorsHeaderLongerThanTheFile() throws IOException {
        byte[] b = le(16).putLong(1L << 40).put("{}{}{}{}".getBytes(StandardCharsets.UTF_8)).array();
        expect("safetensors header length 2^40 in a 16-byte file",
                () -> SafetensorsReader.open(file("b.safetensors", b)), "claims a JSON header of 1099511627776");
    }

    @Test
    void safetensorsTensorsOverlapping() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        expect("safetensors tensors overlapping",
                () -> SafetensorsReader.open(file("c.safetensors", safetensors(json, 12))), "overlaps");
    }

    @Test
    void safetensorsDimensionOfTwoToThe40() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1099511627776],\"data_offsets\":[0,4398046511104]}}";
        expect("safetensors tensor with a dimension of 2^40",
                () -> SafetensorsReader.open(file("d.safetensors", safetensors(json, 8))), "invalid dimension");
    }

    @Test
    void safetensorsOffsetsBeyondTheData() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[1099511627776,1099511627784]}}";
        expect("safetensors data_offsets beyond the file",
                () -> SafetensorsReader.open(file("i.safetensors", safetensors(json, 8))), "claims bytes");
    }

    @Test
    void safetensorsHeaderNotJson() throws IOException {
        expect("safetensors header not JSON",
                () -> SafetensorsReader.open(file("e.safetensors", safetensors("{\"a\": [1, 2", 0))),
                "not valid JSON");
    }

    @Test
    void ggufTensorCountBeyondTheFile() throws IOException {
        byte[] b = le(24).putInt(0x46554747).putInt(3).putLong(1L << 60).putLong(0).array();
        expect("GGUF tensor count 2^60", () -> GgufReader.read(file("f.gguf", b)), "1152921504606846976 tensors");
    }

    @Test
    void ggufStringLengthNearTwoToThe63() throws IOException {
        byte[] b = le(40).putInt(0x46554747).putInt(3).putLong(0).putLong(1).putLong(Long.MAX_VALUE)
                .putLong(0).array();
        expect("GGUF key length 2^63 - 1", () -> GgufReader.read(file("g.gguf", b)), "truncated");
    }

    @Test
    void llama2cHeaderClaimingHugeSizes() throws IOException {
        byte[] b = le(28).putInt(1 << 30).putInt(1 << 30).putInt(1 << 20).putInt(2).putInt(2).putInt(32000)
                .putInt(2048).array();
        expect("llama2.c header claiming dim 2^30 and 2^20 layers in 28 bytes",
                () -> Llama2cReader.readTransformer(file("h.bin", b)), "implies");
    }

    @Test
    void llama2cHeaderWhoseSizeOverflows() throws IOException {
        byte[] b = le(28).putInt(1 << 30).putInt(1 << 30).putInt(1 << 30).putInt(2).putInt(2).putInt(1 << 30)
                .putInt(1 << 30).array();
        expect("llama2.c header whose implied size passes 2^63",
                () -> Llama2cReader.readTransformer(file("j.bin", b)), "more than 2^63 bytes");
    }

    @Test
    void tfIndexTruncated() throws IOException {
        Files.write(temp.resolve("v.index"), new byte[20]);
        expect("TensorFlow checkpoint index of 20 bytes", () -> TensorBundle.open(temp.resolve("v")),
                "fewer than a table file's 48-byte footer");
    }

    @Test
    void onnxThatIsNotProtobuf() throws IOException {
        expect("ONNX file of random text", () -> OnnxBertReader.read(file("m.onnx",
                "not a model at all".getBytes(StandardCharsets.UTF_8))), "ONNX");
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(temp.resolve(name), bytes);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] safetensors(String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return le(8 + header.length + dataBytes).putLong(header.length).put(header).array();
    }

    private static void expect(String kind, Executable load, String fragment) {
        ModelFormatException e = assertThrows(ModelFormatException.class, load);
        System.err.println("HARDENING|" + kind + "|" + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
