package org.explaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens reports in a real headless Chromium and fails on console errors, uncaught exceptions,
 * dialogs, any network request, or a blank page. Also takes the README screenshot.
 *
 * <p>Without Chromium the tests are skipped with a loud message, except under {@code CI=true},
 * where a missing browser fails. Install it with {@code apt-get install -y chromium}.
 */
class ReportInBrowserTest {
    private static final Logger LOG = Logger.getLogger(ReportInBrowserTest.class.getName());
    private static HeadlessBrowser browser;

    @TempDir
    Path folder;

    @BeforeAll
    static void startBrowser() throws Exception {
        Optional<Path> chromium = HeadlessBrowser.find();
        if (chromium.isEmpty()) {
            String message = "Chromium is not installed: the report's browser test cannot run. "
                    + "Install it with `apt-get install -y chromium` or set CHROMIUM.";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            LOG.severe("SKIPPED: " + message);
            System.err.println("*** SKIPPED: " + message);
            Assumptions.abort(message);
        }
        browser = new HeadlessBrowser(chromium.get());
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void sampleReportLoadsWithoutErrorsOrRequestsAndShowsTheViewer() throws Exception {
        Path report = ReportWriter.write(SampleResults.load(), Path.of("target", "browser"));
        Path screenshot = Path.of("target", "report-screenshot.png");

        HeadlessBrowser.Outcome outcome = browser.open(report, screenshot, List.of(
                "document.querySelectorAll('#viewer-raw td').length",
                "document.querySelectorAll('#viewer-rollout td').length",
                "document.querySelector('.sentence').textContent",
                "document.querySelectorAll('#viewer-layer option').length",
                "document.querySelectorAll('#viewer-raw thead th')[2].textContent"));

        assertEquals(List.of(), outcome.problems());
        assertEquals("100", outcome.probes().get(0));
        assertEquals("100", outcome.probes().get(1));
        assertTrue(outcome.probes().get(2).contains("<script>alert(1)</script>"));
        assertEquals("6", outcome.probes().get(3));
        assertEquals("<script>alert(1)</script>", outcome.probes().get(4));
        assertTrue(Files.size(screenshot) > 50_000, "screenshot looks empty");

        // The README picture is refreshed only on request, never by a plain build.
        if (Boolean.getBoolean("explaint.report.docsScreenshot")) {
            Path docs = Path.of("..", "docs", "report-screenshot.png");
            Files.createDirectories(docs.getParent());
            Files.copy(screenshot, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void reportWithoutExampleAndWithASkippedAnalysisLoadsCleanly() throws Exception {
        ObjectNode results = (ObjectNode) SampleResults.loadNative();
        results.putObject("heads").put("skipped", "no treebank found");
        Path report = ReportWriter.write(results, folder.resolve("native"));

        HeadlessBrowser.Outcome outcome = browser.open(report, null, List.of(
                "document.getElementById('heads').innerText"));

        assertEquals(List.of(), outcome.problems());
        assertTrue(outcome.probes().get(0).contains("no treebank found"));
    }

    @Test
    void aThrownErrorIsCaught() throws Exception {
        HeadlessBrowser.Outcome outcome = browser.open(page("<script>throw new Error("
                + "'deliberate failure');</script>"), null, List.of());

        assertTrue(outcome.problems().stream().anyMatch(p -> p.contains("deliberate failure")),
                outcome.problems().toString());
    }

    @Test
    void aConsoleErrorARequestAndADialogAreCaught() throws Exception {
        HeadlessBrowser.Outcome outcome = browser.open(page("<img src=\"http://192.0.2.1/x.png\">"
                + "<script>console.error('logged failure'); alert('injected');</script>"), null,
                List.of());

        assertTrue(outcome.errors().stream().anyMatch(e -> e.contains("logged failure")),
                outcome.errors().toString());
        assertEquals(List.of("http://192.0.2.1/x.png"), outcome.requests());
        assertEquals(List.of("injected"), outcome.dialogs());
    }

    @Test
    void aBlankPageIsCaught() throws Exception {
        HeadlessBrowser.Outcome outcome = browser.open(page(""), null, List.of());

        assertEquals(List.of("blank page: 0 characters of text"), outcome.problems());
    }

    private Path page(String body) throws Exception {
        Path page = Files.createTempFile(folder, "page", ".html");
        Files.writeString(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
                + body + "</body></html>");
        return page;
    }
}
