package org.explaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins that every number a reader sees (text, tables, tooltips) comes from the results JSON at
 * the rounding the page states: whole percentages, three decimals, or integers as they are.
 *
 * <p>Left out on purpose: scripts and styles, the fixed methods prose and references (years,
 * arXiv numbers), chart scales ({@code <g class="axis">}: tick labels and layer/head indices),
 * and the phrases in {@link #FIXED}. Signs are ignored (a head written "3-7" reads as 3 and 7);
 * an integer may also be a position in one of the results' arrays (a layer or head index).
 */
class ShownNumbersTest {
    private static final List<String> FIXED = List.of("SHA-256", "95%", "< 0.001",
            "count from 0");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?%?");

    @Test
    void everyShownNumberComesFromTheResults() {
        JsonNode results = SampleResults.load();
        String page = ReportPage.render(results);

        List<String> unexplained = unexplainedNumbers(page, results);

        assertEquals(List.of(), unexplained);
    }

    @Test
    void anInventedNumberIsCaught() {
        JsonNode results = SampleResults.load();
        String page = ReportPage.render(results).replace("<h2>Verdicts</h2>",
                "<h2>Verdicts</h2><p>0.999 and 3.14159 and 1234% and 12345</p>");

        assertEquals(List.of("0.999", "3.14159", "1234%", "12345"),
                unexplainedNumbers(page, results));
    }

    @Test
    void theCheckSeesHundredsOfNumbers() {
        String text = visibleText(ReportPage.render(SampleResults.load()));
        Matcher numbers = NUMBER.matcher(text);
        int count = 0;
        while (numbers.find()) {
            count++;
        }
        assertTrue(count > 500, "only " + count + " numbers seen");
    }

    /** The numbers in the page's visible text that no JSON value explains. */
    static List<String> unexplainedNumbers(String page, JsonNode results) {
        Set<Double> values = new HashSet<>();
        List<String> strings = new ArrayList<>();
        collect(results, values, strings);

        // Remove input text (names, paths, hashes, dates) and fixed phrases before reading numbers.
        String text = visibleText(page);
        strings.sort(Comparator.comparingInt(String::length).reversed());
        for (String string : strings) {
            text = text.replace(string, " ");
            text = text.replace(string.replace('_', ' '), " ");
        }
        for (String fixed : FIXED) {
            text = text.replace(fixed, " ");
        }

        List<String> unexplained = new ArrayList<>();
        Map<String, Set<String>> formsByKind = new HashMap<>();
        Matcher numbers = NUMBER.matcher(text);
        while (numbers.find()) {
            String shown = numbers.group();
            String kind = shown.endsWith("%") ? "%" : shown.contains(".")
                    ? "." + (shown.length() - shown.indexOf('.') - 1) : "integer";
            Set<String> forms = formsByKind.computeIfAbsent(kind, k -> forms(shown, values));
            if (!forms.contains(shown)) {
                unexplained.add(numbers.group());
            }
        }
        return unexplained;
    }

    /** Every JSON value written the way {@code shown} is written (same kind and places). */
    private static Set<String> forms(String shown, Set<Double> values) {
        Set<String> forms = new HashSet<>();
        for (double value : values) {
            double v = Math.abs(value);
            if (shown.endsWith("%")) {
                forms.add(String.format(Locale.ROOT, "%.0f%%", v * 100));
            } else if (shown.contains(".")) {
                int places = shown.length() - shown.indexOf('.') - 1;
                forms.add(String.format(Locale.ROOT, "%." + places + "f", v));
            } else if (v == Math.rint(v)) {
                forms.add(String.valueOf((long) v));
            }
        }
        return forms;
    }

    /** Text a reader can see or hover, without scripts, styles, fixed prose and chart scales. */
    static String visibleText(String page) {
        String text = page.replaceAll("(?s)<head>.*?</head>", " ")
                .replaceAll("(?s)<script\\b.*?</script>", " ")
                .replaceAll("(?s)<div class=\"fixed\">.*?</div>", " ")
                .replaceAll("(?s)<g class=\"axis\">.*?</g>", " ")
                .replaceAll("<[^>]*>", " ");
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private static void collect(JsonNode node, Set<Double> values, List<String> strings) {
        if (node.isNumber()) {
            values.add(node.asDouble());
        } else if (node.isTextual()) {
            if (node.asText().length() >= 3) {
                strings.add(node.asText());
            }
        } else {
            node.properties().forEach(e -> {
                if (e.getKey().matches(".*[A-Za-z].*")) {
                    strings.add(e.getKey());
                }
                collect(e.getValue(), values, strings);
            });
            if (node.isArray()) {
                node.forEach(item -> collect(item, values, strings));

                // A layer or head index shown in a heatmap is a position in an array.
                for (int i = 0; i < node.size(); i++) {
                    values.add((double) i);
                }
            }
        }
    }
}
