package org.explaint.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders a results JSON as one self-contained HTML page: verdicts first, then the evidence for
 * each analysis, then methods and provenance.
 *
 * <p>The page makes no request of any kind: style and script are inlined from this module's
 * resources, charts are inline SVG, and a Content-Security-Policy forbids loading anything, so a
 * mistake in escaping shows up as a blocked request rather than a silent fetch.
 */
public final class ReportPage {
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
            + "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private ReportPage() {
    }

    /** Renders the page for a results tree; missing fields show as "not available". */
    public static String render(JsonNode results) {
        ReportContent content = ResultsReader.read(results);
        Html html = new Html();
        String model = content.metadata().model() == null ? "unnamed model"
                : content.metadata().model();

        // Head: character set, policy, title, inline style.
        html.trusted("<!DOCTYPE html>\n");
        html.open("html", "lang", "en").open("head");
        html.empty("meta", "charset", "utf-8");
        html.empty("meta", "http-equiv", "Content-Security-Policy", "content", POLICY);
        html.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        html.element("title", "explaint post-mortem: " + model);
        html.open("style").trusted(resource("report.css")).close("style");
        html.close("head");

        // Body: title, verdicts, evidence, methods.
        html.open("body").open("header");
        html.open("h1").text("Post-mortem of ").element("code", model).close("h1");
        html.element("p", "Is what the model's internals seem to show warranted? Each verdict "
                + "below links to its evidence. Scores are fractions; sentences round them to "
                + "whole percentages, tables and tooltips to three decimals. Layers and heads "
                + "count from 0.", "class", "lede");
        html.open("nav").element("a", "Verdicts", "href", "#verdicts")
                .element("a", "Attention heads", "href", "#heads")
                .element("a", "Token identity", "href", "#tokens")
                .element("a", "Feature mapping", "href", "#mapping")
                .element("a", "Methods", "href", "#methods").close("nav");
        html.close("header");
        html.open("main");
        VerdictSection.write(html, content);
        HeadsSection.write(html, content);
        TokensSection.write(html, content);
        MappingSection.write(html, content);
        MethodsSection.write(html, content.metadata());
        html.close("main");
        html.open("footer").element("p", "Written by explaint. This file is self-contained and "
                + "works offline.").close("footer");
        html.open("script").trusted(resource("report.js")).close("script");
        html.close("body").close("html");
        return html.toString();
    }

    /** A text resource of this module, inlined into the page. */
    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing from the jar: " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.contains("</")) {
                throw new IllegalStateException("report resource would close its element: "
                        + name);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
