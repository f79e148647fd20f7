package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.explaint.analysis.lens.LogitLens;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecoderCommandsTest {

    private static String stories() {
        return TestData.require("models/stories260K/stories260K.bin").toString();
    }

    private static String[] run(String command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine("generate".equals(command) ? new GenerateCommand() : new LensCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("explaint: " + ex.getMessage());
            return Main.USER_ERROR;
        });
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void greedyGenerateFromNothingPrintsLlama2csText() {
        String[] r = run("generate", "--model", stories(), "--max-tokens", "30");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("Once upon a time, there was a little girl named Lily."), r[1]);
    }

    @Test
    void seededSamplingRepeatsAndDiffersFromGreedy() {
        String[] a = run("generate", "--model", stories(), "--prompt", "Tom had a dog", "--temperature", "1",
                "--seed", "3", "--max-tokens", "25");
        String[] b = run("generate", "--model", stories(), "--prompt", "Tom had a dog", "--temperature", "1",
                "--seed", "3", "--max-tokens", "25");
        assertEquals("0", a[0], a[2]);
        assertEquals(a[1], b[1]);
        assertTrue(a[1].startsWith("Tom had a dog"), a[1]);
    }

    @Test
    void promptLongerThanTheContextIsAClearError() {
        String prompt = "the dog ran and ".repeat(200);
        String[] r = run("generate", "--model", stories(), "--prompt", prompt);
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("context of 512 positions"), r[2]);
    }

    @Test
    void lensLastLayerIsTheModelsOwnLogitsOnStories260k() {
        LoadedModel m = CausalModels.load(stories());
        int[] ids = m.tokenizer().encode("Once upon a time, there was a cat").ids();
        List<Tensor> lens = new LogitLens(m.transformer()).logits(ids);
        Hooks hooks = Hooks.capture(List.of(HookNames.LOGITS));
        m.transformer().forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        assertEquals(6, lens.size());
        assertEquals(0f, lens.get(5).maxAbsDifference(hooks.cache(0).get(HookNames.LOGITS)));
    }

    @Test
    void lensCommandPrintsEveryLayerAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("lens.json");
        String[] r = run("lens", "--model", stories(), "--text", "Once upon", "--top", "2",
                "--json", json.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("blocks.4.resid_post  ' upon'"), r[1]);
        assertTrue(Files.readString(json).contains("\"layers\""));
    }
}
