package org.explaint.formats.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.explaint.runtime.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction writes each file once, atomically, and never outside its folder. */
class SavedModelArchiveTest {
    @TempDir
    Path temp;

    @Test
    void extractsOnceAndReusesTheFilesAfterwards() throws IOException {
        byte[] zip = zip("assets/vocab.txt", "[PAD]\n[UNK]\n", "variables/variables.index", "xyz");
        Path target = temp.resolve("model");

        SavedModelArchive.extract(() -> new ByteArrayInputStream(zip), target, 1000);
        SavedModelArchive.extract(() -> {
            throw new IOException("a complete extraction must not open the archive again");
        }, target, 1000);

        assertEquals("[PAD]\n[UNK]\n", Files.readString(target.resolve("assets/vocab.txt")));
        assertEquals("xyz", Files.readString(target.resolve("variables/variables.index")));
    }

    @Test
    void fileWhoseSizeChangedIsExtractedAgain() throws IOException {
        byte[] zip = zip("saved_model.pb", "graph");
        Path target = temp.resolve("model");
        SavedModelArchive.extract(() -> new ByteArrayInputStream(zip), target, 1000);

        Files.writeString(target.resolve("saved_model.pb"), "gr");
        assertFalse(SavedModelArchive.isComplete(target));
        SavedModelArchive.extract(() -> new ByteArrayInputStream(zip), target, 1000);

        assertEquals("graph", Files.readString(target.resolve("saved_model.pb")));
    }

    @Test
    void entriesThatWouldLeaveTheFolderAreRejected() throws IOException {
        Path target = temp.resolve("model");
        for (String name : new String[] {"../evil.txt", "assets/../../evil.txt", "/tmp/evil.txt",
            "C:\\evil.txt", "assets\\..\\..\\evil.txt"}) {
            byte[] zip = zip(name, "owned");

            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> SavedModelArchive.extract(() -> new ByteArrayInputStream(zip), target, 1000));

            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertFalse(Files.exists(temp.resolve("evil.txt")));
    }

    @Test
    void nestedClimbingEntryIsRejectedBeforeAnyFileIsWritten() throws IOException {
        Path target = temp.resolve("cache/model");
        byte[] zip = zip("assets/vocab.txt", "[PAD]\n", "variables/./../../../outside.txt", "owned");

        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> SavedModelArchive.extract(() -> new ByteArrayInputStream(zip), target, 1000));

        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("outside.txt")));
        assertFalse(Files.exists(temp.resolve("cache/outside.txt")));
        assertFalse(SavedModelArchive.isComplete(target));
    }

    @Test
    void recordNamingAFileOutsideTheFolderIsNotTrusted() throws IOException {
        Path target = Files.createDirectories(temp.resolve("model"));
        Path outside = Files.writeString(temp.resolve("secret.txt"), "12345");
        Files.writeString(target.resolve(SavedModelArchive.RECORD), "5\t../secret.txt\n");

        assertFalse(SavedModelArchive.isComplete(target));
        assertTrue(Files.exists(outside));
    }

    @Test
    void archiveLargerThanTheLimitIsRejected() throws IOException {
        byte[] zip = zip("variables/variables.data-00000-of-00001", "0123456789".repeat(20));

        assertThrows(ModelFormatException.class, () -> SavedModelArchive.extract(
                () -> new ByteArrayInputStream(zip), temp.resolve("model"), 100));
        assertFalse(SavedModelArchive.isComplete(temp.resolve("model")));
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
