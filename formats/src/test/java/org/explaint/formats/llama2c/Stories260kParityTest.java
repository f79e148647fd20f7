package org.explaint.formats.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.DecoderSession;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.junit.jupiter.api.Test;

/**
 * stories260K logits against an independent numpy forward pass that reads the checkpoint itself
 * and uses llama2.c's interleaved rotary pairs (tools/reference/make_stories260k_fixture.py).
 */
class Stories260kParityTest {
    private static final float TOLERANCE = 1e-4f;

    private static JsonNode fixture() throws IOException {
        return new ObjectMapper().readTree(Llama2cReaderTest.resource("stories260K_logits.json"));
    }

    private static int[] tokens(JsonNode f) {
        int[] t = new int[f.get("tokens").size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = f.get("tokens").get(i).asInt();
        }
        return t;
    }

    // Largest |difference| between the rows of `logits` and expected rows first, first+1, ...
    private static float worst(Tensor logits, JsonNode expected, int first) {
        float worst = 0f;
        for (int p = 0; p < logits.dim(0); p++) {
            JsonNode row = expected.get(first + p);
            for (int v = 0; v < row.size(); v++) {
                worst = Math.max(worst, Math.abs(logits.get(p, v) - (float) row.get(v).asDouble()));
            }
        }
        return worst;
    }

    @Test
    void fullForwardLogitsMatchTheNumpyReferenceAtEveryPosition() throws IOException {
        JsonNode f = fixture();
        LoadedModel model = Llama2cReaderTest.stories260k();
        Hooks hooks = Hooks.capture(List.of(HookNames.LOGITS));
        model.transformer().forward(TokenBatch.of(TokenSequence.of(tokens(f))), hooks);
        float worst = worst(hooks.cache(0).get(HookNames.LOGITS), f.get("logits"), 0);
        System.err.println("stories260K full forward: max |logit difference| " + worst);
        assertTrue(worst <= TOLERANCE, "max |logit difference| " + worst);
    }

    @Test
    void cachedDecodingLogitsMatchTheNumpyReference() throws IOException {
        JsonNode f = fixture();
        int[] ids = tokens(f);
        DecoderSession session = new DecoderSession(Llama2cReaderTest.stories260k().transformer());
        Tensor first = session.appendAll(java.util.Arrays.copyOfRange(ids, 0, 10));
        float worst = worst(first, f.get("logits"), 0);
        for (int p = 10; p < ids.length; p++) {
            float[] row = session.appendLast(ids[p]);
            Tensor one = Tensor.of(row, 1, row.length);
            worst = Math.max(worst, worst(one, f.get("logits"), p));
        }
        System.err.println("stories260K cached decoding: max |logit difference| " + worst);
        assertTrue(worst <= TOLERANCE, "max |logit difference| " + worst);
    }

    @Test
    void tokenizerEncodesTheGeneratedTextIntoTheSameTokens() throws IOException {
        JsonNode f = fixture();
        LoadedModel model = Llama2cReaderTest.stories260k();
        assertArrayEquals(tokens(f), model.tokenizer().encode(f.get("text").asText()).ids());
    }
}
