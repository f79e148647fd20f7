package org.explaint.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
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
import org.explaint.formats.tf.TfFuzzAccess;
import org.explaint.runtime.ExplaintException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets for every model-file parser of the formats module (docs/hardening.md).
 *
 * <p>Each target writes the input where the parser expects a file and calls the real public
 * entry point, then reads everything the file claims to hold, so lazily checked parts are
 * reached too. The project's documented error, {@link ExplaintException} (and its subclass
 * {@code ModelFormatException}), is the only exception a bad file may cause; the targets let
 * every other exception escape so the fuzzer reports it.
 *
 * <p>Without {@code JAZZER_FUZZ} Jazzer runs the inputs in
 * {@code src/test/resources/org/explaint/formats/fuzz/FormatsFuzzTestInputs/<method>/} as
 * ordinary tests: the valid seeds and every input that once crashed a parser.
 * With {@code JAZZER_FUZZ=1} (see {@code .ci/fuzz}) Jazzer fuzzes one target with coverage
 * feedback. {@link FormatsMutationFuzzTest} runs the same targets under this project's own
 * seeded mutation fuzzer as well.
 */
class FormatsFuzzTest {
    /** The 64-byte data shard paired with every fuzzed checkpoint index: floats 0 to 15. */
    static final byte[] SHARD = shard();

    @TempDir
    Path temp;

    @FuzzTest(maxDuration = "10s")
    void safetensorsHeader(byte[] data) throws IOException {
        safetensors(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void ggufFile(byte[] data) throws IOException {
        gguf(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void llama2cCheckpoint(byte[] data) throws IOException {
        llama2c(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void onnxModel(byte[] data) throws IOException {
        onnx(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void tfCheckpointIndex(byte[] data) throws IOException {
        tfIndex(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void tfBundleEntries(byte[] data) throws IOException {
        tfEntries(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void bertVocabulary(byte[] data) {
        bertVocab(temp, data);
    }

    // ---- the targets, shared with FormatsMutationFuzzTest ----

    /** A safetensors file: open it and read every tensor. */
    static void safetensors(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("model.safetensors"), data);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (String name : reader.names()) {
                reader.read(name);
            }
            reader.metadata();
        } catch (ExplaintException documented) {
            // a bad file is reported with the project's error: fine
        }
    }

    /** A GGUF file: load model and tokenizer, as {@code explaint} does. */
    static void gguf(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("model.gguf"), data);
        try {
            GgufReader.read(file);
        } catch (ExplaintException documented) {
            // fine
        }
    }

    /** A llama2.c checkpoint: its header and every weight. */
    static void llama2c(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("model.bin"), data);
        try {
            Llama2cReader.readTransformer(file);
        } catch (ExplaintException documented) {
            // fine
        }
    }

    /** An ONNX protobuf: parse it and place every weight of a BERT graph. */
    static void onnx(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("model.onnx"), data);
        try {
            OnnxBertReader.read(file);
        } catch (ExplaintException documented) {
            // fine
        }
    }

    /** A TensorFlow checkpoint index as it lies on disk, beside a fixed 64-byte data shard. */
    static void tfIndex(Path dir, byte[] data) throws IOException {
        Files.write(dir.resolve("variables.index"), data);
        Files.write(dir.resolve("variables.data-00000-of-00001"), SHARD);
        readBundle(dir.resolve("variables"));
    }

    /**
     * TensorFlow checkpoint entries wrapped in a table whose checksums are right, so the fuzzer
     * reaches the entry decoder behind the CRC-32C checks. The input is a list of records:
     * key length (1 byte), key, value length (2 bytes, little-endian), value.
     */
    static void tfEntries(Path dir, byte[] data) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        TableWriter table = new TableWriter();
        while (in.remaining() >= 3) {
            byte[] key = new byte[Math.min(in.get() & 0xFF, in.remaining() - 2)];
            in.get(key);
            byte[] value = new byte[Math.min(in.getShort() & 0xFFFF, in.remaining())];
            in.get(value);
            table.add(key, value);
        }
        Files.write(dir.resolve("variables.index"), table.toBytes());
        Files.write(dir.resolve("variables.data-00000-of-00001"), SHARD);
        readBundle(dir.resolve("variables"));
    }

    /** A BERT vocab.txt turned into a tokenizer.json. */
    static void bertVocab(Path dir, byte[] data) {
        try {
            TfFuzzAccess.tokenizerJson(dir.resolve("vocab.txt"), new String(data, StandardCharsets.UTF_8),
                    data.length % 2 == 0);
        } catch (ExplaintException documented) {
            // fine
        }
    }

    private static void readBundle(Path prefix) {
        try (TensorBundle bundle = TensorBundle.open(prefix)) {
            for (String name : bundle.names()) {
                bundle.shape(name);
                try {
                    bundle.read(name);
                } catch (ExplaintException documented) {
                    // one bad tensor: try the others
                }
            }
        } catch (ExplaintException documented) {
            // fine
        }
    }

    private static byte[] shard() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            b.putFloat(i);
        }
        return b.array();
    }

    /**
     * Writes the smallest valid TensorFlow table file (LevelDB's sorted string table): one data
     * block with every entry, one index block pointing at it, and the 48-byte footer.
     */
    static final class TableWriter {
        private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
        private byte[] lastKey = new byte[0];

        void add(byte[] key, byte[] value) {
            varint(entries, 0);
            varint(entries, key.length);
            varint(entries, value.length);
            entries.writeBytes(key);
            entries.writeBytes(value);
            lastKey = key;
        }

        byte[] toBytes() {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            byte[] data = block(entries.toByteArray());
            writeBlock(file, data);
            ByteArrayOutputStream handle = new ByteArrayOutputStream();
            varint(handle, 0);
            varint(handle, data.length);
            ByteArrayOutputStream indexEntries = new ByteArrayOutputStream();
            varint(indexEntries, 0);
            varint(indexEntries, lastKey.length);
            varint(indexEntries, handle.size());
            indexEntries.writeBytes(lastKey);
            indexEntries.writeBytes(handle.toByteArray());
            byte[] index = block(indexEntries.toByteArray());
            int indexOffset = file.size();
            writeBlock(file, index);
            ByteArrayOutputStream footer = new ByteArrayOutputStream();
            varint(footer, 0);
            varint(footer, 0);
            varint(footer, indexOffset);
            varint(footer, index.length);
            footer.writeBytes(new byte[40 - footer.size()]);
            file.writeBytes(footer.toByteArray());
            file.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(0xDB4775248B80FB57L).array());
            return file.toByteArray();
        }

        // Entries, then one restart point at 0 and the restart count.
        private static byte[] block(byte[] body) {
            return ByteBuffer.allocate(body.length + 8).order(ByteOrder.LITTLE_ENDIAN)
                    .put(body).putInt(0).putInt(1).array();
        }

        // A block, its compression byte (0: none) and the masked CRC-32C of both.
        private static void writeBlock(ByteArrayOutputStream file, byte[] block) {
            byte[] withType = java.util.Arrays.copyOf(block, block.length + 1);
            int crc = TfFuzzAccess.maskedCrc32c(withType, 0, withType.length);
            file.writeBytes(withType);
            file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
        }

        private static void varint(ByteArrayOutputStream out, long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
