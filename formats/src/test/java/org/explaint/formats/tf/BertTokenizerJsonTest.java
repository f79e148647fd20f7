package org.explaint.formats.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.explaint.runtime.ModelFormatException;
import org.junit.jupiter.api.Test;

/** The tokenizer.json written for a vocab.txt is Hugging Face's BERT tokenizer for it. */
class BertTokenizerJsonTest {
    private static final Path DUMMY = Path.of("vocab.txt");

    @Test
    void builtInVocabularyGivesTheTokenizerHuggingFaceShipsForIt() throws IOException {
        Path vocabulary = TfBertReader.extractBuiltIn().resolve("assets/vocab.txt");
        ObjectMapper json = new ObjectMapper();
        JsonNode ours = json.readTree(BertTokenizerJson.build(vocabulary,
                Files.readString(vocabulary, StandardCharsets.UTF_8), true));
        JsonNode theirs;
        try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            theirs = json.readTree(in);
        }

        // Everything but padding and truncation (which explaint never uses) is identical.
        for (String part : new String[] {"added_tokens", "normalizer", "pre_tokenizer",
            "post_processor", "decoder", "model"}) {
            assertEquals(theirs.get(part), ours.get(part), part);
        }
        assertTrue(ours.get("padding").isNull());
        assertTrue(ours.get("truncation").isNull());
    }

    @Test
    void casedVocabularyKeepsCase() throws IOException {
        String json = BertTokenizerJson.build(DUMMY, "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nParis\n", false);

        JsonNode root = new ObjectMapper().readTree(json);
        assertFalse(root.get("normalizer").get("lowercase").asBoolean());
        assertEquals(5, root.get("model").get("vocab").get("Paris").asInt());
    }

    @Test
    void vocabularyWithoutMaskTokenIsRejected() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> BertTokenizerJson.build(DUMMY, "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\n", true));
        assertTrue(e.getMessage().contains("[MASK]"), e.getMessage());
    }

    @Test
    void repeatedPieceIsRejectedWithItsLine() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> BertTokenizerJson.build(DUMMY, "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\nthe\n", true));
        assertTrue(e.getMessage().contains("line 7"), e.getMessage());
    }
}
