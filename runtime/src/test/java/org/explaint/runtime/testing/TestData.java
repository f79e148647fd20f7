package org.explaint.runtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.explaint.runtime.DataDirectory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real data files tests need (treebank, norms, small models).
 *
 * <p>Under CI ({@code CI=true}) a missing file fails the test: CI always has the data, so its
 * absence is a broken setup. Elsewhere the test is skipped, with a message on stderr saying what
 * was missing and how to point explaint at it.
 */
public final class TestData {
    private TestData() {
    }

    /** A path below the data directory that must exist for the calling test to run. */
    public static Path require(String relative) {
        Path p = DataDirectory.root().resolve(relative);
        if (Files.exists(p)) {
            return p;
        }
        String message = "test data missing: " + p + " (set EXPLAINT_DATA or -Dexplaint.data to the folder "
                + "holding ud-english-ewt/, norms/ and models/)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        System.err.println("SKIPPED, " + message);
        Assumptions.abort(message);
        return p;
    }

    /** The EWT dev treebank. */
    public static Path ewtDev() {
        return require("ud-english-ewt/en_ewt-ud-dev.conllu");
    }
}
