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

    /** A fresh copy of the sample results tree, in the shape of results.schema.json. */
    static JsonNode load() {
        return load("/sample-results.json");
    }

    /** The same results in the shapes the analyses write on their own. */
    static JsonNode loadNative() {
        return load("/native-results.json");
    }

    private static JsonNode load(String resource) {
        try (InputStream in = SampleResults.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
