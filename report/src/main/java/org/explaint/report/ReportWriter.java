package org.explaint.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Logger;
import org.explaint.runtime.ExplaintException;

/**
 * Writes a post-mortem's {@code results.json} and {@code report.html} into a folder.
 *
 * <p>Each file is written to a temporary file in the same folder and then moved into place, so
 * an interrupted run (Ctrl-C, a full disk) leaves either the previous file or the new one, never
 * half of one. The results are written first: a report never exists without its data.
 */
public final class ReportWriter {
    /** The name of the results file in the output folder. */
    public static final String RESULTS_FILE = "results.json";

    /** The name of the page in the output folder. */
    public static final String REPORT_FILE = "report.html";

    private static final Logger LOG = Logger.getLogger(ReportWriter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /**
     * Writes {@code results.json} and {@code report.html} into {@code outDir}, creating it.
     *
     * @param results the post-mortem's results tree
     * @param outDir the output folder
     * @return the path of the written report
     * @throws ExplaintException when the folder cannot be created or written
     */
    public static Path write(JsonNode results, Path outDir) {
        String page = ReportPage.render(results);
        Path folder = outDir.toAbsolutePath();
        try {
            Files.createDirectories(folder);
            byte[] json = JSON.writeValueAsBytes(results);
            writeAtomically(folder.resolve(RESULTS_FILE), json);
            Path report = folder.resolve(REPORT_FILE);
            writeAtomically(report, page.getBytes(StandardCharsets.UTF_8));
            LOG.info(() -> "wrote " + report.toAbsolutePath());
            return report;
        } catch (IOException e) {
            throw new ExplaintException("Could not write the report into " + outDir + ": "
                    + e.getMessage() + ". Check that the folder is writable and the disk has "
                    + "space, or choose another folder with --out.", e);
        }
    }

    /** Writes to a temporary sibling, then renames it over {@code target}. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(),
                "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(temporary, bytes);

            // Temporary files are private to the owner; a report is meant to be shared.
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary,
                        PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
