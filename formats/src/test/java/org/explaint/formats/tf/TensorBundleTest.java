package org.explaint.formats.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.explaint.runtime.ModelFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint reader lists the real BERT index and rejects damaged files with a clear error. */
class TensorBundleTest {
    private static final long DATA_LENGTH = 440_419_560L;

    private static Path variables;

    @TempDir
    Path temp;

    @BeforeAll
    static void extract() {
        variables = TfBertReader.extractBuiltIn().resolve("variables");
    }

    @Test
    void listsEveryTensorOfTheBertIndexWithItsShape() {
        try (TensorBundle bundle = TensorBundle.open(variables.resolve("variables"))) {
            assertEquals(204, bundle.names().size());
            assertArrayEquals(new long[] {30522, 768}, bundle.shape("module/bert/embeddings/word_embeddings"));
            assertArrayEquals(new long[] {768, 3072},
                    bundle.shape("module/bert/encoder/layer_7/intermediate/dense/kernel"));
            assertArrayEquals(new long[] {30522}, bundle.shape("module/cls/predictions/output_bias"));
            float[] gamma = bundle.read("module/bert/embeddings/LayerNorm/gamma").toArray();
            assertEquals(768, gamma.length);
            assertTrue(gamma[0] > 0.1f && gamma[0] < 2f, "a LayerNorm gain near 1, got " + gamma[0]);
        }
    }

    @Test
    void truncatedDataFileIsRejectedBeforeAnyTensorIsAllocated() throws IOException {
        Path prefix = copyIndex(Files.readAllBytes(variables.resolve("variables.index")));
        Files.write(dataFile(prefix), new byte[1000]);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TensorBundle.open(prefix));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void tensorWhoseBytesChangedFailsItsChecksum() throws IOException {
        Path prefix = copyIndex(Files.readAllBytes(variables.resolve("variables.index")));
        try (RandomAccessFile sparse = new RandomAccessFile(dataFile(prefix).toFile(), "rw")) {
            sparse.setLength(DATA_LENGTH);
        }

        try (TensorBundle bundle = TensorBundle.open(prefix)) {
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> bundle.read("module/bert/embeddings/LayerNorm/beta"));
            assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
        }
    }

    @Test
    void indexBlockWithAFlippedByteFailsItsChecksum() throws IOException {
        byte[] index = Files.readAllBytes(variables.resolve("variables.index"));
        index[200] ^= 0x10;
        Path prefix = copyIndex(index);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TensorBundle.open(prefix));
        assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
    }

    @Test
    void fileWithoutTheTableMagicIsRejected() throws IOException {
        byte[] index = Files.readAllBytes(variables.resolve("variables.index"));
        index[index.length - 1] ^= 0x01;
        Path prefix = copyIndex(index);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TensorBundle.open(prefix));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void bundleEntryFieldsAreDecodedByHand() {
        // dtype 1, shape [2, 3], shard 0, offset 8, size 24, crc 0x04030201
        byte[] proto = {0x08, 0x01, 0x12, 0x08, 0x12, 0x02, 0x08, 0x02, 0x12, 0x02, 0x08, 0x03,
            0x20, 0x08, 0x28, 0x18, 0x35, 0x01, 0x02, 0x03, 0x04};

        BundleEntry e = BundleEntry.parse("w", proto, "test");

        assertEquals(BundleEntry.DT_FLOAT, e.dtype());
        assertArrayEquals(new long[] {2, 3}, e.shape());
        assertEquals(8, e.offset());
        assertEquals(24, e.size());
        assertEquals(0x04030201, e.crc32c());
    }

    @Test
    void bundleEntryClaimingMoreBytesThanItHoldsIsRejected() {
        // shape field claiming a nested message of 2^31 - 1 bytes
        byte[] proto = {0x12, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};

        assertThrows(ModelFormatException.class, () -> BundleEntry.parse("w", proto, "test"));
    }

    @Test
    void slicedVariablesAreRejected() {
        byte[] proto = {0x08, 0x01, 0x3A, 0x00};

        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> BundleEntry.parse("w", proto, "test"));
        assertTrue(e.getMessage().contains("sliced"), e.getMessage());
    }

    private Path copyIndex(byte[] index) throws IOException {
        Files.write(temp.resolve("variables.index"), index);
        return temp.resolve("variables");
    }

    private static Path dataFile(Path prefix) {
        return prefix.resolveSibling("variables.data-00000-of-00001");
    }
}
