package org.explaint.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.DecoderSession;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.TokenSampler;
import org.explaint.text.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code explaint generate}: continues a prompt with a causal language model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continues a prompt with a causal language model (GPT-2, Llama family), one token "
                + "at a time with a key/value cache.",
                "Temperature 0 decodes greedily (the most probable token each step); a positive "
                        + "temperature samples, reproducibly for a given --seed, from the smallest set of "
                        + "tokens whose probability reaches --top-p. The prompt and its continuation are "
                        + "printed to stdout; speed goes to stderr."},
        footer = {"", "Examples:",
                "  explaint generate --model data/models/stories260K/stories260K.bin --max-tokens 200",
                "  explaint generate --model model.gguf --prompt \"Once upon a time\" --temperature 0.8 --seed 7",
                "", "A .bin path is a llama2.c checkpoint (tok<vocab>.bin or tokenizer.bin beside it); a "
                + ".gguf path a llama.cpp file."})
public final class GenerateCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(GenerateCommand.class.getName());

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model: a .gguf file, a llama2.c .bin, or a "
            + "Hugging Face causal-LM directory.")
    String model;

    @Option(names = "--prompt", defaultValue = "", description = "Text to continue (default: empty, i.e. "
            + "start from the start token).")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "256", description = "Most new tokens to generate "
            + "(default: ${DEFAULT-VALUE}); generation also stops at an end-of-text token or a full context.")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy decoding (default), "
            + "otherwise the softmax temperature.")
    float temperature;

    @Option(names = "--top-p", defaultValue = "0.9", description = "Nucleus mass for sampling, in (0, 1] "
            + "(default: ${DEFAULT-VALUE}); ignored when greedy.")
    float topP;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the sampler (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (maxTokens < 0) {
            throw new ExplaintException("--max-tokens must not be negative, got " + maxTokens);
        }
        TokenSampler sampler = new TokenSampler(temperature, topP, seed);
        LoadedModel loaded = CausalModels.load(model);
        Tokenizer tokenizer = loaded.tokenizer();
        DecoderSession session = new DecoderSession(loaded.transformer());
        int[] promptIds = tokenizer.encode(prompt).ids();
        int endOfText = tokenizer.id("<|endoftext|>");
        if (promptIds.length == 0 && endOfText >= 0) {
            // GPT-2 style: unconditional generation starts from the end-of-text token.
            promptIds = new int[] {endOfText};
        }
        if (promptIds.length == 0) {
            throw new ExplaintException("the prompt encodes to no tokens and this tokenizer adds no start "
                    + "token; give a non-empty --prompt");
        }
        if (promptIds.length >= session.capacity()) {
            throw new ExplaintException("the prompt has " + promptIds.length + " tokens but " + model
                    + " has a context of " + session.capacity() + " positions, leaving no room to generate; "
                    + "shorten the prompt");
        }

        // Prompt processing in one chunk, then one token per step.
        PrintWriter out = spec.commandLine().getOut();
        int[] ids = Arrays.copyOf(promptIds, promptIds.length + maxTokens);
        int n = promptIds.length;
        String shown = tokenizer.decode(promptIds);
        out.print(shown);
        out.flush();
        long start = System.nanoTime();
        float[] logits = session.appendLast(promptIds);
        long promptDone = System.nanoTime();
        while (n < ids.length) {
            int next = sampler.next(logits);
            if (CausalModels.isStop(tokenizer, next, loaded)) {
                break;
            }
            ids[n++] = next;
            shown = printNew(out, tokenizer.decode(Arrays.copyOf(ids, n)), shown);
            if (n == session.capacity()) {
                LOG.info("stopped: the context of " + session.capacity() + " positions is full");
                break;
            }
            if (n < ids.length) {
                logits = session.appendLast(next);
            }
        }
        out.println();
        out.flush();
        long end = System.nanoTime();
        int generated = n - promptIds.length;
        LOG.info(String.format("prompt: %d tokens at %.1f tokens/s; generated %d tokens at %.1f tokens/s",
                promptIds.length, promptIds.length / seconds(promptDone - start), generated,
                generated / seconds(end - promptDone)));
        return 0;
    }

    // Prints what the decoded text adds to what is on screen (held back while a UTF-8 sequence is partial).
    private static String printNew(PrintWriter out, String text, String shown) {
        if (text.endsWith("\uFFFD") || !text.startsWith(shown)) {
            return shown;
        }
        out.print(text.substring(shown.length()));
        out.flush();
        return text;
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }
}
