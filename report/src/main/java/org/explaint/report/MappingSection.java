package org.explaint.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the feature-mapping section: for each metric the real score against every control as
 * bars with intervals, then p-values and selectivity in a table, the coverage and the rule.
 */
final class MappingSection {
    private MappingSection() {
    }

    /** Writes the section, or the reason it is missing. */
    static void write(Html html, ReportContent content) {
        html.open("section", "id", "mapping");
        html.element("h2", "Mapping embeddings onto human feature norms");
        ReportContent.Mapping mapping = content.mapping();
        if (mapping == null) {
            html.element("p", "This analysis did not run: " + content.mappingSkipped(), "class",
                    "skipped");
            html.close("section");
            return;
        }

        // What was mapped onto what.
        html.open("dl", "class", "facts");
        fact(html, "Norms", mapping.norms());
        fact(html, "Format", mapping.format());
        fact(html, "Mapper", mapping.mapper());
        fact(html, "Embeddings", mapping.embeddings());
        fact(html, "Concepts used", mapping.coverageUsed());
        fact(html, "Concepts missing", String.valueOf(mapping.coverageMissing().size()));
        html.close("dl");
        if (!mapping.coverageMissing().isEmpty()) {
            html.open("details").element("summary", "Concepts without an embedding");
            html.element("p", String.join(", ", mapping.coverageMissing()), "class", "words");
            html.close("details");
        }
        html.element("p", "A mapping only explains something if it beats every control: "
                + "shuffled concepts, random norms, random embeddings, nonsense targets and a "
                + "nearest-neighbour copy. Bars show scores, whiskers 95% intervals.");

        // Bars per metric.
        html.open("div", "class", "charts");
        for (ReportContent.Metric metric : mapping.metrics()) {
            List<IntervalBars.Bar> bars = new ArrayList<>();
            bars.add(new IntervalBars.Bar("real", metric.real(), true));
            for (ReportContent.Control control : metric.controls()) {
                bars.add(new IntervalBars.Bar(control.name().replace('_', ' '), control.score(),
                        false));
            }
            html.open("figure", "class", "chart", "id", "metric-" + mapping.metrics().indexOf(
                    metric));
            IntervalBars.write(html, metric.name(), bars);
            html.close("figure");
        }
        html.close("div");

        // The table of controls.
        html.open("table", "class", "numbers");
        html.open("thead").open("tr");
        for (String header : List.of("Metric", "Control", "Score", "95% interval",
                "Real score", "p-value", "Selectivity")) {
            html.element("th", header, "scope", "col");
        }
        html.close("tr").close("thead").open("tbody");
        for (ReportContent.Metric metric : mapping.metrics()) {
            for (ReportContent.Control control : metric.controls()) {
                html.open("tr");
                html.element("td", metric.name());
                html.element("td", control.name().replace('_', ' '));
                html.element("td", Figures.decimal(control.score().value()));
                html.element("td", Figures.interval(control.score()));
                html.element("td", Figures.decimal(metric.real().value()));
                html.element("td", Figures.pValue(control.pValue()));
                html.element("td", Figures.decimal(control.selectivity()));
                html.close("tr");
            }
        }
        html.close("tbody").close("table");

        // The verdict and the rule behind it.
        html.open("p", "class", "mapping-verdict");
        html.element("strong", (mapping.verdictLabel() == null ? Figures.NOT_AVAILABLE
                : mapping.verdictLabel()) + ". ");
        html.text(mapping.verdictText() == null ? "" : mapping.verdictText());
        html.close("p");
        RuleBlock.write(html, mapping.rule());
        html.close("section");
    }

    private static void fact(Html html, String name, String value) {
        html.element("dt", name);
        html.element("dd", value == null ? Figures.NOT_AVAILABLE : value);
    }
}
