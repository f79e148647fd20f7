package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heads or tokens run killed with SIGKILL at a random moment, then rerun with --resume, writes
 * exactly the bytes of a run that was never interrupted.
 */
class ResumeAfterKillTest {
    @TempDir
    Path dir;

    @Test
    void killedHeadsRunResumedWithTheSameCommandGivesTheSameBytes() throws Exception {
        killThenResume(List.of("heads", "--model", "minilm", "--treebank", TestData.ewtDev().toString(),
                "--limit", "60", "--resamples", "50", "--checkpoint-every", "6", "--threads", "2",
                "--batch", "3"), "real.json");
    }

    @Test
    void killedTokensRunResumedWithTheSameCommandGivesTheSameBytes() throws Exception {
        killThenResume(List.of("tokens", "--model", "minilm", "--treebank", TestData.ewtDev().toString(),
                "--limit", "120", "--resamples", "50", "--checkpoint-every", "5", "--threads", "2"),
                "pass1.json");
    }

    /**
     * Runs the command once as the reference; then in its own JVM, killed (SIGKILL: no shutdown
     * hooks, no cleanup) once its first checkpoint file exists and a further random delay has
     * passed; then again with --resume, which must write the reference's bytes.
     */
    private void killThenResume(List<String> args, String firstCheckpointFile) throws Exception {
        Path reference = dir.resolve("reference.json");
        assertEquals(0, Main.run(with(args, "--out", reference.toString()).toArray(String[]::new)));

        Path out = dir.resolve("out.json");
        Path checkpoint = dir.resolve("out.json.checkpoint");
        Process child = ChildJvm.start(with(args, "--out", out.toString()), dir.resolve("child.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint.resolve(firstCheckpointFile)) && child.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child finished before it could be killed; raise --limit");
        Thread.sleep(new SplittableRandom().nextInt(0, 1500));
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(out), "a killed run leaves no output");
        assertTrue(Files.exists(checkpoint.resolve(firstCheckpointFile)), "a killed run leaves its checkpoint");

        assertEquals(0, Main.run(with(args, "--out", out.toString(), "--resume").toArray(String[]::new)));
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(out));
        assertFalse(Files.exists(checkpoint), "the checkpoint is removed once the output is written");
    }

    @Test
    void resumingSomeoneElsesCheckpointIsRefused() throws IOException {
        String treebank = TestData.ewtDev().toString();
        Path out = dir.resolve("h.json");
        Path folder = Files.createDirectories(dir.resolve("h.json.checkpoint"));
        Files.writeString(folder.resolve("run.txt"), "heads\nmodel=bge-small");
        int code = Main.run("heads", "--model", "minilm", "--treebank", treebank, "--limit", "3",
                "--out", out.toString(), "--resume", "--no-random-control");
        assertEquals(1, code, "a user error");
        assertFalse(Files.exists(out));
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}
