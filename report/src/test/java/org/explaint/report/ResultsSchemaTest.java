package org.explaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultsSchemaTest {
    private static JsonSchema schema() throws IOException {
        try (InputStream in = ReportPage.class.getResourceAsStream("results.schema.json")) {
            JsonNode schemaNode = new ObjectMapper().readTree(in);
            assertEquals("https://json-schema.org/draft/2020-12/schema",
                    schemaNode.path("$schema").asText());
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schemaNode);
        }
    }

    @Test
    void sampleResultsMatchTheSchema() throws IOException {
        Set<ValidationMessage> errors = schema().validate(SampleResults.load());

        assertTrue(errors.isEmpty(), () -> "schema errors: " + errors);
    }

    @Test
    void skippedAnalysesMatchTheSchema() throws IOException {
        ObjectNode results = (ObjectNode) SampleResults.load();
        results.putObject("heads").put("skipped", "no treebank found; pass --treebank FILE.conllu "
                + "or set EXPLAINT_DATA");
        results.putObject("mapping").putObject("skipped").put("reason", "no norms given");

        Set<ValidationMessage> errors = schema().validate(results);

        assertTrue(errors.isEmpty(), () -> "schema errors: " + errors);
    }

    @Test
    void schemaRejectsNegativeLayersUnknownVerdictsAndBadHashes() throws IOException {
        ObjectNode results = (ObjectNode) SampleResults.load();
        ((ObjectNode) results.at("/heads/relations/nsubj/best")).put("layer", -1);
        ((ObjectNode) results.at("/tokens/claims/0")).put("verdict", "probably");
        ((ObjectNode) results.at("/metadata/data_files/0")).put("sha256", "not-a-hash");

        Set<ValidationMessage> errors = schema().validate(results);

        String all = errors.toString();
        assertFalse(errors.isEmpty());
        assertTrue(all.contains("$.heads.relations.nsubj.best.layer"), all);
        assertTrue(all.contains("$.tokens.claims[0].verdict"), all);
        assertTrue(all.contains("$.metadata.data_files[0].sha256"), all);
    }

    @Test
    void aRealPostmortemMatchesTheSchema() throws IOException {
        JsonNode real;
        try (InputStream in = getClass().getResourceAsStream("/minilm-postmortem-results.json")) {
            real = new ObjectMapper().readTree(in);
        }

        Set<ValidationMessage> errors = schema().validate(real);

        assertTrue(errors.isEmpty(), () -> "schema errors: " + errors);
    }
}
