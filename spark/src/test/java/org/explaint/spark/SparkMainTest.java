package org.explaint.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.explaint.cli.Main;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line: {@code heads} and {@code tokens} write the files {@code explaint heads} and
 * {@code explaint tokens} write; errors exit 1.
 */
class SparkMainTest {
    @TempDir
    Path dir;

    @Test
    void headsWritesTheFileExplaintHeadsWrites() throws IOException {
        String treebank = TestData.ewtDev().toString();
        Path single = dir.resolve("single.json");
        Path spark = dir.resolve("spark.json");
        assertEquals(0, Main.run("heads", "--model", "minilm", "--treebank", treebank, "--limit", "6",
                "--resamples", "20", "--no-random-control", "--threads", "2", "--out", single.toString()));
        assertEquals(0, SparkMain.run("heads", "--spark", "local[2]", "--model", "minilm", "--treebank",
                treebank, "--limit", "6", "--resamples", "20", "--no-random-control", "--out",
                spark.toString()));
        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(spark));
    }

    @Test
    void tokensWritesTheFileExplaintTokensWrites() throws IOException {
        String treebank = TestData.ewtDev().toString();
        Path single = dir.resolve("single-tokens.json");
        Path spark = dir.resolve("spark-tokens.json");
        assertEquals(0, Main.run("tokens", "--model", "minilm", "--treebank", treebank, "--limit", "12",
                "--resamples", "20", "--flow-max-length", "0", "--threads", "2", "--out", single.toString()));
        assertEquals(0, SparkMain.run("tokens", "--spark", "local[2]", "--model", "minilm", "--treebank",
                treebank, "--limit", "12", "--resamples", "20", "--flow-max-length", "0", "--partitions", "2",
                "--out", spark.toString()));
        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(spark));
    }

    @Test
    void aMissingTreebankIsAUserError() {
        assertEquals(SparkMain.USER_ERROR, SparkMain.run("heads", "--spark", "local[1]", "--model", "minilm",
                "--treebank", dir.resolve("none.conllu").toString(), "--out", dir.resolve("h.json").toString()));
    }
}
