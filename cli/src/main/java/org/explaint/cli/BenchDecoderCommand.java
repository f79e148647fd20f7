package org.explaint.cli;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.explaint.runtime.DecoderSession;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.Transformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code explaint bench-decoder}: prompt and generation throughput of the decoder runtime. */
@Command(name = "bench-decoder", mixinStandardHelpOptions = true,
        description = {"Measures decoder throughput: prompt processing (one chunk through the key/value "
                + "cache) and generation (one token per step reusing the cache), in tokens per second.",
                "Without --model it times a GPT-2-small-shaped model (12 layers, 768 wide, 12 heads, "
                        + "vocabulary 50257) with seeded random weights; compare with "
                        + "tools/reference/bench_decoder_torch.py. Numbers depend on what else the machine runs."},
        footer = {"", "Examples:",
                "  explaint bench-decoder",
                "  explaint bench-decoder --model data/models/stories260K/stories260K.bin --prompt-tokens 64"})
public final class BenchDecoderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "A causal model to time instead of the random GPT-2-small shape.")
    String model;

    @Option(names = "--prompt-tokens", defaultValue = "128", description = "Prompt length (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "64", description = "Tokens generated (default: ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs after one warm-up; the best "
            + "is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() {
        Transformer t = model == null ? randomGpt2Small() : CausalModels.load(model).transformer();
        ModelConfig c = t.config();
        int[] prompt = new int[promptTokens];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = rng.nextInt(c.vocabSize());
        }
        double bestPrompt = 0;
        double bestGen = 0;
        for (int r = 0; r <= repeats; r++) {
            DecoderSession session = new DecoderSession(t);
            long t0 = System.nanoTime();
            float[] logits = session.appendLast(prompt);
            long t1 = System.nanoTime();
            int next = argmax(logits);
            for (int g = 0; g < genTokens; g++) {
                next = argmax(session.appendLast(next));
            }
            long t2 = System.nanoTime();
            if (r > 0) {
                bestPrompt = Math.max(bestPrompt, promptTokens / ((t1 - t0) / 1e9));
                bestGen = Math.max(bestGen, genTokens / ((t2 - t1) / 1e9));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model %s: %d layers, hidden %d, vocab %d%n", model == null ? "random gpt2-small" : model,
                c.layers(), c.hidden(), c.vocabSize());
        out.printf("prompt processing: %d tokens, %.1f tokens/s%n", promptTokens, bestPrompt);
        out.printf("generation with KV cache: %d tokens, %.1f tokens/s%n", genTokens, bestGen);
        out.flush();
        return 0;
    }

    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * GPT-2 small's shape with seeded uniform weights of standard deviation 0.02 (GPT-2's
     * initial scale; uniform rather than normal only because it is faster to draw).
     */
    static Transformer randomGpt2Small() {
        ModelConfig c = new ModelConfig("gpt2", 50257, 768, 12, 12, 12, 64, 3072, 1024, 0,
                ModelConfig.Norm.LAYER_NORM, 1e-5f, ModelConfig.NormPlacement.PRE, false,
                ModelConfig.PositionEncoding.LEARNED, 0f, ModelConfig.Activation.GELU_TANH, true);
        SplittableRandom rng = new SplittableRandom(0);
        int h = c.hidden();
        int m = c.mlpHidden();
        ModelWeights w = new ModelWeights();
        Tensor embedding = random(rng, c.vocabSize(), h);
        w.put("embed.token", embedding).put("embed.position", random(rng, c.maxPositions(), h));
        for (int l = 0; l < c.layers(); l++) {
            String b = "blocks." + l + ".";
            for (String p : new String[] {"q", "k", "v"}) {
                w.put(b + "attn." + p + ".weight", random(rng, h, h)).put(b + "attn." + p + ".bias", ones(h, 0f));
            }
            w.put(b + "attn.o.weight", random(rng, h, h)).put(b + "attn.o.bias", ones(h, 0f));
            w.put(b + "mlp.up.weight", random(rng, h, m)).put(b + "mlp.up.bias", ones(m, 0f));
            w.put(b + "mlp.down.weight", random(rng, m, h)).put(b + "mlp.down.bias", ones(h, 0f));
            for (String n : new String[] {"attn_norm", "mlp_norm"}) {
                w.put(b + n + ".weight", ones(h, 1f)).put(b + n + ".bias", ones(h, 0f));
            }
        }
        w.put("final_norm.weight", ones(h, 1f)).put("final_norm.bias", ones(h, 0f));
        w.put("unembed.weight", embedding);
        return new Transformer(c, w);
    }

    private static Tensor random(SplittableRandom rng, int... shape) {
        float[] a = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * 0.02 * Math.sqrt(3));
        }
        return Tensor.of(a, shape);
    }

    private static Tensor ones(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return Tensor.of(a, n);
    }
}
