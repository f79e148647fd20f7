package org.explaint.formats.tf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelFormatException;

/**
 * Unpacks a zipped TensorFlow SavedModel (as shipped inside a Maven jar) into a cache folder.
 *
 * <p>Each file is written to a temporary name in the target folder and moved into place
 * atomically, and a record of every file's size is written last; a later call finds that
 * record, checks the sizes and does nothing, so an interrupted extraction is simply redone.
 * Entry names that are absolute or climb out of the target with {@code ..} are rejected, and
 * the bytes written are capped, so a hostile archive cannot write outside the folder or fill
 * the disk.
 */
public final class SavedModelArchive {
    /** The file, inside the target folder, recording what a finished extraction wrote. */
    static final String RECORD = ".extracted";
    private static final Logger LOG = Logger.getLogger(SavedModelArchive.class.getName());

    /** Opens the archive's bytes; called only when an extraction is needed. */
    @FunctionalInterface
    public interface Source {
        /** A fresh stream over the zip archive. */
        InputStream open() throws IOException;
    }

    private SavedModelArchive() {
    }

    /**
     * Extracts the archive into {@code target} unless an earlier extraction is complete there.
     *
     * @param source   the zip archive
     * @param target   the folder to fill (created if absent)
     * @param maxBytes the most bytes all entries together may hold
     * @return {@code target}
     * @throws ModelFormatException when an entry name is unsafe or the archive is too large
     * @throws ExplaintException    when the folder cannot be written
     */
    public static Path extract(Source source, Path target, long maxBytes) {
        if (isComplete(target)) {
            return target;
        }
        LOG.info(() -> "extracting the model to " + target + " (once; later runs reuse it)");
        try {
            Files.createDirectories(target);
            List<String> record = new ArrayList<>();
            long total = 0;
            try (ZipInputStream zip = new ZipInputStream(source.open())) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Path destination = safeDestination(target, entry.getName());
                    if (entry.isDirectory()) {
                        Files.createDirectories(destination);
                        continue;
                    }
                    long written = writeAtomically(zip, destination, maxBytes - total,
                            entry.getName());
                    total += written;
                    record.add(written + "\t" + target.relativize(destination));
                }
            }
            Path recordFile = target.resolve(RECORD);
            Path temporary = Files.createTempFile(target, RECORD, ".part");
            Files.write(temporary, record, StandardCharsets.UTF_8);
            Files.move(temporary, recordFile, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new ExplaintException("cannot extract the model into " + target + " (" + e
                    + "); check that the folder is writable and the disk has space", e);
        }
    }

    /** Whether an extraction into {@code target} finished and its files kept their sizes. */
    static boolean isComplete(Path target) {
        Path record = target.resolve(RECORD);
        if (!Files.isRegularFile(record)) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    return false;
                }
                // The record is a file too: a name in it may not lead outside the folder either.
                Path file = safeDestination(target, line.substring(tab + 1));
                if (!Files.isRegularFile(file)
                        || Files.size(file) != Long.parseLong(line.substring(0, tab))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | NumberFormatException | ModelFormatException e) {
            // Unreadable, malformed or unsafe: extract again, which checks every name.
            return false;
        }
    }

    // The path an entry may be written to, or an error for names that would leave the folder.
    static Path safeDestination(Path target, String name) {
        boolean climbs = false;
        for (String part : name.split("[/\\\\]")) {
            climbs |= part.equals("..");
        }
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains(":")
                || climbs) {
            throw new ModelFormatException("the model archive holds an entry named '" + name
                    + "', which would be written outside " + target + "; the archive is unsafe "
                    + "and was not extracted");
        }
        Path destination = target.resolve(name).normalize();
        if (!destination.startsWith(target.normalize())) {
            throw new ModelFormatException("the model archive entry '" + name
                    + "' resolves outside " + target + "; the archive was not extracted");
        }
        return destination;
    }

    // Copies one entry to a temporary file beside its destination, then moves it into place.
    private static long writeAtomically(InputStream in, Path destination, long budget, String name)
            throws IOException {
        Files.createDirectories(destination.getParent());
        Path temporary = Files.createTempFile(destination.getParent(), ".extract", ".part");
        try {
            long written = 0;
            byte[] buffer = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(temporary)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    written += n;
                    if (written > budget) {
                        throw new ModelFormatException("the model archive's entry '" + name
                                + "' takes the extracted size past the limit; the archive is "
                                + "corrupt");
                    }
                    out.write(buffer, 0, n);
                }
            }
            Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return written;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
