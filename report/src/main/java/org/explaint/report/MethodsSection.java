package org.explaint.report;

import java.util.List;

/**
 * Writes the methods section: the procedures and the papers they come from, the command that
 * reproduces the report, the data files with their SHA-256, seeds, versions and timings.
 */
final class MethodsSection {
    private static final List<String> REFERENCES = List.of(
            "Clark, K., Khandelwal, U., Levy, O., Manning, C. D. (2019). What Does BERT Look At? "
                    + "An Analysis of BERT's Attention. BlackboxNLP.",
            "Brunner, G., Liu, Y., Pascual, D., Richter, O., Ciaramita, M., Wattenhofer, R. "
                    + "(2020). On Identifiability in Transformers. ICLR.",
            "Abnar, S., Zuidema, W. (2020). Quantifying Attention Flow in Transformers. ACL.",
            "McRae, K., Cree, G. S., Seidenberg, M. S., McNorgan, C. (2005). Semantic feature "
                    + "production norms for a large set of living and nonliving things. "
                    + "Behavior Research Methods.",
            "Buchanan, E. M., Valentine, K. D., Maxwell, N. P. (2019). English semantic feature "
                    + "production norms: An extended database of 4436 concepts. "
                    + "Behavior Research Methods.",
            "Binder, J. R., et al. (2016). Toward a brain-based componential semantic "
                    + "representation. Cognitive Neuropsychology.",
            "Herasimchyk, et al. (2025). arXiv:2508.13729.",
            "Abdelhalim, Edinger, Laue, Regneri (2026). LLMs Explain't. arXiv:2601.22928.");

    private MethodsSection() {
    }

    /** Writes the section. */
    static void write(Html html, ReportContent.Metadata metadata) {
        html.open("section", "id", "methods");
        html.element("h2", "Methods and provenance");

        // The procedures, in fixed wording (the test of shown numbers skips this block).
        html.open("div", "class", "fixed");
        html.element("p", "Attention heads are scored against dependency arcs of a Universal "
                + "Dependencies treebank as in Clark et al. (2019): a head gets an arc right "
                + "when its largest attention weight from one end lands on the other. Each head "
                + "is compared with a fixed-offset baseline and with the same architecture "
                + "under random weights; intervals are bootstrap intervals over sentences.");
        html.element("p", "Whether attention still refers to input tokens is tested with token "
                + "identifiability (Brunner et al., 2020): nearest-neighbour, linear and MLP "
                + "probes recover each hidden state's input position. Attention rollout and "
                + "attention flow (Abnar and Zuidema, 2020) follow attention through the "
                + "residual stream; the self-share is the weight a position keeps on itself.");
        html.element("p", "Feature mapping regresses word embeddings onto human feature norms "
                + "(McRae et al., 2005; Buchanan et al., 2019; Binder et al., 2016) and "
                + "compares the real score with controls, following Herasimchyk et al. (2025) "
                + "and Abdelhalim et al. (2026).");
        html.open("ol", "class", "references");
        for (String reference : REFERENCES) {
            html.element("li", reference);
        }
        html.close("ol");
        html.close("div");

        // How to reproduce the report.
        html.element("h3", "Reproduce this report");
        html.open("pre").element("code", metadata.command() == null ? Figures.NOT_AVAILABLE
                : metadata.command(), "id", "command").close("pre");

        // The data files and their checksums.
        html.element("h3", "Data files");
        html.open("table", "class", "numbers files");
        html.open("thead").open("tr").element("th", "Path", "scope", "col")
                .element("th", "SHA-256", "scope", "col").close("tr").close("thead");
        html.open("tbody");
        for (ReportContent.DataFile file : metadata.dataFiles()) {
            html.open("tr").element("td", orMissing(file.path()))
                    .element("td", orMissing(file.sha256()), "class", "hash").close("tr");
        }
        if (metadata.dataFiles().isEmpty()) {
            html.open("tr").element("td", Figures.NOT_AVAILABLE).element("td", "").close("tr");
        }
        html.close("tbody").close("table");

        // Seeds, versions, timings.
        html.open("dl", "class", "facts");
        entries(html, "Model", List.of(new ReportContent.Entry("", metadata.model())));
        entries(html, "Seeds", metadata.seeds());
        entries(html, "Versions", metadata.versions());
        entries(html, "Timings (seconds)", metadata.timings());
        entries(html, "Started", List.of(new ReportContent.Entry("", metadata.started())));
        entries(html, "Finished", List.of(new ReportContent.Entry("", metadata.finished())));
        html.close("dl");
        html.close("section");
    }

    private static void entries(Html html, String name, List<ReportContent.Entry> entries) {
        html.element("dt", name);
        StringBuilder text = new StringBuilder();
        for (ReportContent.Entry entry : entries) {
            if (entry.value() == null) {
                continue;
            }
            text.append(text.isEmpty() ? "" : "; ")
                    .append(entry.name().isEmpty() ? "" : entry.name() + " ")
                    .append(entry.value());
        }
        html.element("dd", text.isEmpty() ? Figures.NOT_AVAILABLE : text.toString());
    }

    private static String orMissing(String text) {
        return text == null ? Figures.NOT_AVAILABLE : text;
    }
}
