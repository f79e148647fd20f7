package org.explaint.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes JSON for a {@code <script type="application/json">} block so that no input can end the
 * block or start markup: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 become
 * {@code \}{@code u003c} and so on, which JSON reads back as the same characters.
 */
final class ScriptData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptData() {
    }

    /** The JSON text of {@code value}, safe to place between script tags. */
    static String embed(JsonNode value) {
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written back", e);
        }
        StringBuilder safe = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> safe.append("\\u003c");
                case '>' -> safe.append("\\u003e");
                case '&' -> safe.append("\\u0026");
                case '\u2028' -> safe.append("\\u2028");
                case '\u2029' -> safe.append("\\u2029");
                default -> safe.append(c);
            }
        }
        return safe.toString();
    }
}
