package org.explaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path folder;

    @Test
    void writesResultsAndReportAndLeavesNoTemporaryFiles() throws IOException {
        JsonNode results = SampleResults.load();
        Path out = folder.resolve("nested/out");

        Path report = ReportWriter.write(results, out);

        assertEquals(out.resolve("report.html").toAbsolutePath(), report);
        assertEquals(results, new ObjectMapper().readTree(out.resolve("results.json").toFile()));
        String page = Files.readString(report);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.endsWith("</html>"));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("report.html", "results.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void rewritingReplacesThePreviousReport() throws IOException {
        ReportWriter.write(SampleResults.load(), folder);
        JsonNode empty = new ObjectMapper().createObjectNode();

        ReportWriter.write(empty, folder);

        assertEquals(empty, new ObjectMapper().readTree(folder.resolve("results.json").toFile()));
        assertTrue(Files.readString(folder.resolve("report.html"))
                .contains("this analysis is not in the results."));
    }

    /** Renders the sample into report/target for a look by eye (and the browser test). */
    @Test
    void sampleReportIsWrittenForInspection() throws IOException {
        Path report = ReportWriter.write(SampleResults.load(), Path.of("target", "sample-report"));
        assertTrue(Files.size(report) > 10_000);
    }
}
