package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    @Test
    void lastLineGivesBothRatesAndTheirRatio() {
        String treebank = TestData.ewtDev().toString();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--model", "minilm", "--treebank", treebank, "--threads", "1",
                "--limit", "6", "--warmup", "1", "--batch", "2");
        assertEquals(0, code);
        String[] lines = out.toString().strip().split("\n");
        assertTrue(lines[0].startsWith("minilm, 6 sentences ("), lines[0]);
        assertTrue(lines[lines.length - 1].matches(
                "explaint \\d+\\.\\d sent/s, onnxruntime \\d+\\.\\d sent/s, ratio \\d+\\.\\d\\d"), lines[1]);
    }
}
