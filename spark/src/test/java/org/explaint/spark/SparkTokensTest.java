package org.explaint.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job gives the bytes {@code explaint tokens} gives, with and without head claims, and
 * when a task of each pass fails once and is retried.
 *
 * <p>One context for the class, {@code local[2,4]} (two cores, a failed task tried up to four
 * times), as in {@link SparkHeadsTest}. 40 EWT dev sentences and 50 resamples keep it short.
 */
class SparkTokensTest {
    static SparkSession session;
    static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        session = SparkSession.builder().master("local[2,4]").appName("SparkTokensTest")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    @AfterAll
    static void stop() {
        session.stop();
    }

    @Test
    void fortySentencesGiveTheBytesOfExplaintTokens() throws IOException {
        String treebank = TestData.ewtDev().toString();
        // One thread here, two cores on the driver and in Spark: the thread count must not matter.
        byte[] single = explaintTokens(1, "--treebank", treebank, "--limit", "40", "--resamples", "50");
        var options = new SparkTokens.Options("minilm", treebank, 40, 13, 20, 0.3, 50, null, 3);
        byte[] distributed = SparkTokens.toJson(SparkTokens.run(spark, options));
        assertArrayEquals(single, distributed, "Spark JSON differs from explaint tokens");
    }

    @Test
    void withHeadClaimsAndARetriedTaskInEachPassTheBytesAreTheSame() throws IOException {
        String treebank = TestData.ewtDev().toString();
        Path heads = dir.resolve("heads.json");
        assertEquals(0, Main.run("heads", "--model", "minilm", "--treebank", treebank, "--limit", "40",
                "--resamples", "20", "--no-random-control", "--out", heads.toString()), "explaint heads failed");
        byte[] single = explaintTokens(2, "--treebank", treebank, "--limit", "40", "--resamples", "50",
                "--heads", heads.toString());
        assertTrue(new String(single).contains("\"claims\""), "the single-machine run judged no claims");

        var options = new SparkTokens.Options("minilm", treebank, 40, 13, 20, 0.3, 50, heads.toString(), 3);
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
            byte[] retried = SparkTokens.toJson(SparkTokens.run(spark, options, 1));
            assertArrayEquals(single, retried, "a retried task changed the JSON");
            // Listener events arrive asynchronously; one failure per pass is expected.
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

    private byte[] explaintTokens(int threads, String... args) throws IOException {
        Path out = Files.createTempFile(dir, "tokens", ".json");
        List<String> all = new ArrayList<>(List.of("tokens", "--model", "minilm",
                "--threads", String.valueOf(threads), "--out", out.toString()));
        all.addAll(List.of(args));
        assertEquals(0, Main.run(all.toArray(String[]::new)), "explaint tokens failed");
        return Files.readAllBytes(out);
    }
}
