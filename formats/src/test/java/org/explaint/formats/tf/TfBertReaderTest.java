package org.explaint.formats.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.explaint.runtime.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader finds checkpoints in both folder layouts Google ships and explains what is missing. */
class TfBertReaderTest {
    @TempDir
    Path temp;

    @Test
    void googleReleaseLayoutIsReadAndItsFolderNameSetsTheCasing() throws IOException {
        // Google's zip layout: bert_model.ckpt.* and vocab.txt side by side, "cased" in the name.
        Path savedModel = TfBertReader.extractBuiltIn();
        Path folder = Files.createDirectories(temp.resolve("cased_L-12_H-768_A-12"));
        Files.createSymbolicLink(folder.resolve("bert_model.ckpt.index"),
                savedModel.resolve("variables/variables.index"));
        Files.createSymbolicLink(folder.resolve("bert_model.ckpt.data-00000-of-00001"),
                savedModel.resolve("variables/variables.data-00000-of-00001"));
        Files.createSymbolicLink(folder.resolve("vocab.txt"), savedModel.resolve("assets/vocab.txt"));

        TfBertModel model;
        try {
            model = TfBertReader.read(folder);
        } finally {
            // Links out of the temporary folder are removed here rather than left to JUnit.
            try (var links = Files.list(folder)) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
        }

        assertEquals(12, model.config().layers());
        assertEquals(folder.resolve("vocab.txt"), model.vocabulary());
        assertFalse(model.lowercase());
        assertTrue(model.hasMaskedLmHead());
    }

    @Test
    void builtInSavedModelIsUncasedByItsModelJson() {
        assertTrue(TfBertReader.isCheckpointFolder(TfBertReader.extractBuiltIn()));
        assertTrue(TfBertReader.read(TfBertReader.extractBuiltIn()).lowercase());
    }

    @Test
    void folderWithoutCheckpointNamesBothLayouts() {
        assertFalse(TfBertReader.isCheckpointFolder(temp));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfBertReader.read(temp));

        assertTrue(e.getMessage().contains("variables/variables.index"), e.getMessage());
        assertTrue(e.getMessage().contains("bert_model.ckpt.index"), e.getMessage());
    }
}
