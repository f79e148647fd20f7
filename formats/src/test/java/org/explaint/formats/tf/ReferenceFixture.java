package org.explaint.formats.tf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.explaint.runtime.Tensor;

/**
 * The BERT-base reference values written by tools/reference/make_bert_base_fixture.py: a small
 * safetensors file of float32 tensors and a JSON file with the inputs.
 */
final class ReferenceFixture {
    private static final String FOLDER = "/bert-base/";

    final JsonNode meta;
    final Map<String, Tensor> tensors;

    private ReferenceFixture(JsonNode meta, Map<String, Tensor> tensors) {
        this.meta = meta;
        this.tensors = tensors;
    }

    /** Reads the fixture from the test class path. */
    static ReferenceFixture load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode meta;
        try (InputStream in = resource("bert-base-reference.json")) {
            meta = json.readTree(in);
        }
        byte[] bytes;
        try (InputStream in = resource("bert-base-reference.safetensors")) {
            bytes = in.readAllBytes();
        }

        // safetensors: an 8-byte header length, a JSON header, then the raw little-endian data.
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        JsonNode header = json.readTree(new String(bytes, 8, headerLength,
                java.nio.charset.StandardCharsets.UTF_8));
        int dataStart = 8 + headerLength;
        Map<String, Tensor> tensors = new HashMap<>();
        for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = header.get(name);
            int[] shape = new int[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asInt();
            }
            int begin = t.get("data_offsets").get(0).asInt();
            float[] values = new float[Tensor.sizeOf(shape)];
            ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + begin, values.length * 4)
                    .order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(values);
            tensors.put(name, Tensor.of(values, shape));
        }
        return new ReferenceFixture(meta, tensors);
    }

    /** Number of reference inputs. */
    int inputCount() {
        return meta.get("inputs").size();
    }

    /** An int array field of input {@code i}, e.g. {@code ids}. */
    int[] ints(int i, String field) {
        JsonNode array = meta.get("inputs").get(i).get(field);
        int[] out = new int[array.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = array.get(k).asInt();
        }
        return out;
    }

    /** A reference tensor by name, e.g. {@code input0.hidden}. */
    Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("fixture has no tensor " + name + "; has " + tensors.keySet());
        }
        return t;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ReferenceFixture.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException("test resource " + FOLDER + name + " is missing");
        }
        return in;
    }
}
