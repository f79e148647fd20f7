package org.explaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HostileTextTest {
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>",
            Pattern.DOTALL);

    @Test
    void escapeReplacesEveryMarkupCharacter() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
                Html.escape("<a href=\"x\" title='y'>&</a>"));
        assertEquals("plain text stays", Html.escape("plain text stays"));
    }

    @Test
    void scriptDataEscapesAngleBracketsAmpersandsAndLineSeparators() throws Exception {
        ObjectNode value = new ObjectMapper().createObjectNode()
                .put("word", "</script><b>&\u2028\u2029");

        String embedded = ScriptData.embed(value);

        assertEquals("{\"word\":\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028\\u2029\"}",
                embedded);
        assertEquals(value, new ObjectMapper().readTree(embedded));
    }

    @Test
    void hostileInputsAppearOnlyAsText() {
        String page = ReportPage.render(SampleResults.load());

        // The sentence, the relation name and the missing concept show escaped in visible text.
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.contains("&lt;b&gt;case&lt;/b&gt;"));
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertFalse(page.contains("<script>alert"));
        assertFalse(page.contains("<b>case"));
        assertFalse(page.contains("<img"));

        // Only the module's two scripts: the example data block and the viewer.
        Matcher scripts = SCRIPT.matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertFalse(scripts.group(2).contains("</") || scripts.group(2).contains("<!--"),
                    "a script could end early");
        }
        assertEquals(2, count);
    }

    @Test
    void embeddedExampleReadsBackAsTheResultsExample() throws Exception {
        JsonNode results = SampleResults.load();
        Matcher block = Pattern.compile("<script type=\"application/json\" id=\"example-data\">"
                + "(.*?)</script>", Pattern.DOTALL).matcher(ReportPage.render(results));

        assertTrue(block.find());
        JsonNode example = new ObjectMapper().readTree(block.group(1));
        for (String field : new String[] {"words", "layers", "heads", "raw", "rollout"}) {
            assertEquals(results.at("/tokens/example/" + field), example.get(field), field);
        }
    }

    @Test
    void writerRefusesLinksOutOfThePageAndEventAttributes() {
        Html html = new Html();

        assertThrows(IllegalArgumentException.class,
                () -> html.open("a", "href", "https://example.org"));
        assertThrows(IllegalArgumentException.class,
                () -> html.open("a", "href", "javascript:alert(1)"));
        assertThrows(IllegalArgumentException.class, () -> html.open("img", "onerror", "x"));
        assertThrows(IllegalArgumentException.class, () -> html.open("img", "src", "x.png"));
        assertThrows(IllegalArgumentException.class, () -> html.open("a b"));
    }

    @Test
    void pageHasNoExternalReference() {
        String page = ReportPage.render(SampleResults.load());

        // The only URL-like text allowed is the SVG namespace, which browsers never fetch.
        String stripped = page.replace("http://www.w3.org/2000/svg", "");
        assertFalse(Pattern.compile("(?i)\\b(https?|ftp|wss?):").matcher(stripped).find());
        assertFalse(Pattern.compile("(?i)<[a-z][^<>]*\\s(src|srcset|poster|data|action)\\s*=")
                .matcher(page).find(), "an element that loads something");
        assertFalse(Pattern.compile("[\"'(=]\\s*//").matcher(page).find(), "protocol-relative URL");
        assertFalse(page.contains("@import") || page.contains("url("), "style sheet fetches");
        assertTrue(page.contains("Content-Security-Policy"));
    }
}
