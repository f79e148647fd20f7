package org.explaint.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the sample results the tests render (see tools/reference/sample_report_results.py). */
final class SampleResults {
    private SampleResults() {
    }

    /** A fresh copy of the sample results tree. */
    static JsonNode load() {
        try (InputStream in = SampleResults.class.getResourceAsStream("/sample-results.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
