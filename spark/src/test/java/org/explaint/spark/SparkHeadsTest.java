package org.explaint.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.explaint.cli.Main;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job gives the bytes {@code explaint heads} gives: on a clean run, when a task fails
 * once and is retried, and in lenient mode over a treebank with a broken sentence.
 *
 * <p>One context for the class, {@code local[2,4]}: two cores, and a failed task is tried up to
 * four times (plain {@code local[2]} never retries), so the retry test can run on it too.
 */
class SparkHeadsTest {
    static SparkSession session;
    static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        session = SparkSession.builder().master("local[2,4]").appName("SparkHeadsTest")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    @AfterAll
    static void stop() {
        session.stop();
    }

    @Test
    void sixtySentencesGiveTheBytesOfExplaintHeads() throws IOException {
        String treebank = TestData.ewtDev().toString();
        byte[] single = explaintHeads("--treebank", treebank, "--limit", "60", "--resamples", "50",
                "--no-random-control");
        var options = new SparkHeads.Options("minilm", treebank, 60, 42, 50, 8, false, false, 4);
        byte[] distributed = SparkHeads.toJson(SparkHeads.run(spark, options));
        assertArrayEquals(single, distributed, "Spark JSON differs from explaint heads");
    }

    @Test
    void aRetriedTaskCountsOnceWithTheRandomControlToo() throws IOException {
        String treebank = TestData.ewtDev().toString();
        byte[] single = explaintHeads("--treebank", treebank, "--limit", "12", "--resamples", "50");
        var options = new SparkHeads.Options("minilm", treebank, 12, 42, 50, 3, false, true, 3);
        AtomicInteger failed = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!(end.reason() instanceof org.apache.spark.Success$)) {
                    failed.incrementAndGet();
                }
            }
        };
        session.sparkContext().addSparkListener(listener);
        try {
            byte[] retried = SparkHeads.toJson(SparkHeads.run(spark, options, 1));
            assertArrayEquals(single, retried, "a retried task changed the JSON");
            // Listener events arrive asynchronously; one failure per pass (real, random) is expected.
            for (int wait = 0; wait < 50 && failed.get() < 2; wait++) {
                Thread.sleep(100);
            }
            assertEquals(2, failed.get(), "the injected failures did not happen");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            session.sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void aMalformedSentenceNamesFileAndLineAndLenientModeSkipsItAsExplaintHeadsDoes() throws IOException {
        // The first eight EWT dev sentences, the third with a head that is not a number.
        List<String> blocks = new ArrayList<>(List.of(Files.readString(TestData.ewtDev()).split("\n\n")));
        List<String> kept = new ArrayList<>(blocks.subList(0, 8));
        String third = kept.get(2);
        int firstLine = 1;
        for (int i = 0; i < 2; i++) {
            firstLine += kept.get(i).split("\n").length + 1;
        }
        String[] lines = third.split("\n");
        int broken = -1;
        for (int i = 0; i < lines.length && broken < 0; i++) {
            if (!lines[i].startsWith("#")) {
                String[] cols = lines[i].split("\t", -1);
                cols[6] = "x";
                lines[i] = String.join("\t", cols);
                broken = firstLine + i;
            }
        }
        kept.set(2, String.join("\n", lines));
        Path file = dir.resolve("broken.conllu");
        Files.writeString(file, String.join("\n\n", kept) + "\n\n");

        var strict = new SparkHeads.Options("minilm", file.toString(), -1, 42, 20, 8, false, false, 2);
        ExplaintException e = assertThrows(ExplaintException.class, () -> SparkHeads.run(spark, strict));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line " + broken),
                "the message should name the file and line " + broken + ": " + e.getMessage());

        byte[] single = explaintHeads("--treebank", file.toString(), "--resamples", "20", "--lenient",
                "--no-random-control");
        var lenient = new SparkHeads.Options("minilm", file.toString(), -1, 42, 20, 8, true, false, 2);
        byte[] distributed = SparkHeads.toJson(SparkHeads.run(spark, lenient));
        assertArrayEquals(single, distributed, "lenient Spark JSON differs from explaint heads --lenient");
        assertTrue(new String(distributed).contains("\"sentences_used\" : 7"), new String(distributed));
    }

    private byte[] explaintHeads(String... args) throws IOException {
        Path out = Files.createTempFile(dir, "heads", ".json");
        List<String> all = new ArrayList<>(List.of("heads", "--model", "minilm", "--threads", "2",
                "--out", out.toString()));
        all.addAll(List.of(args));
        assertEquals(0, Main.run(all.toArray(String[]::new)), "explaint heads failed");
        return Files.readAllBytes(out);
    }
}
