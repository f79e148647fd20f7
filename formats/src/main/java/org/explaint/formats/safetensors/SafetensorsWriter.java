package org.explaint.formats.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.explaint.runtime.Tensor;

/**
 * Writes float32 tensors in the safetensors format (Hugging Face, 2022), readable by
 * {@code safetensors.numpy.load_file} and {@code safetensors.torch.load_file}.
 *
 * <p>The file is an 8-byte little-endian header length, a JSON header mapping each name to
 * {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} plus an optional
 * {@code __metadata__} object of string values, then the raw little-endian data. The header is
 * padded with spaces to a multiple of 8 bytes so the data starts aligned. Tensors are written in
 * the order of the map; only F32 is written, because explaint's activations are all float32.
 */
public final class SafetensorsWriter {
    private static final int CHUNK = 1 << 16;

    private SafetensorsWriter() {
    }

    /**
     * Writes the tensors and the metadata to a file, replacing it.
     *
     * @param file     the target file
     * @param tensors  tensors by name, written in iteration order
     * @param metadata string values stored under {@code __metadata__}; may be empty
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = header(tensors, metadata);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // Header length and header.
            ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            length.putLong(header.length).flip();
            writeFully(out, length);
            writeFully(out, ByteBuffer.wrap(header));

            // The data of each tensor, in chunks.
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                float[] data = t.data();
                int end = t.offset() + t.size();
                for (int i = t.offset(); i < end; i += CHUNK) {
                    int n = Math.min(CHUNK, end - i);
                    buffer.clear();
                    buffer.asFloatBuffer().put(data, i, n);
                    buffer.limit(n * Float.BYTES);
                    writeFully(out, buffer);
                }
            }
        }
    }

    // The JSON header, padded with spaces to a multiple of 8 bytes.
    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            if (entry.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            Tensor t = entry.getValue();
            ObjectNode node = root.putObject(entry.getKey());
            node.put("dtype", "F32");
            ArrayNode shape = node.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            long bytes = (long) t.size() * Float.BYTES;
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] text = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(text, 0, header, 0, text.length);
        java.util.Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
