package org.explaint.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.explaint.analysis.heads.HeadProbeTally;
import org.explaint.runtime.ExplaintException;

/**
 * The checkpoint folder of a long corpus run: {@code OUT.checkpoint/} beside the output, holding
 * {@code run.txt} (what run it belongs to) and one state file per pass (for {@code heads}:
 * {@code real.json}, {@code random.json}; for {@code tokens}: {@code pass1.json},
 * {@code pass2.json}). Every file is written beside its destination and moved into place, so
 * a kill at any moment leaves a readable checkpoint. The folder is removed once the output is
 * written.
 */
final class Checkpoints {
    private static final Logger LOG = Logger.getLogger(Checkpoints.class.getName());
    private static final String RUN_FILE = "run.txt";

    private final Path folder;

    private Checkpoints(Path folder) {
        this.folder = folder;
    }

    /**
     * Opens the checkpoint folder of {@code out}.
     *
     * @param out    the run's output file
     * @param runKey everything that determines the run's numbers, one setting per line
     * @param resume whether to continue from an existing checkpoint; without it an old one is
     *               discarded
     * @throws ExplaintException when resuming from a checkpoint that another run left
     */
    static Checkpoints open(Path out, String runKey, boolean resume) {
        Path folder = out.toAbsolutePath().resolveSibling(out.getFileName() + ".checkpoint");
        Checkpoints c = new Checkpoints(folder);
        try {
            Path runFile = folder.resolve(RUN_FILE);
            if (resume && Files.isRegularFile(runFile)) {
                String found = Files.readString(runFile);
                if (!found.equals(runKey)) {
                    throw new ExplaintException("the checkpoint in " + folder + " was left by a different "
                            + "run:\n" + found + "\nthis run is:\n" + runKey + "\nrerun the original command "
                            + "with --resume, or delete the folder to start over");
                }
                LOG.info("resuming from " + folder);
                return c;
            }
            if (resume) {
                LOG.warning("--resume: no checkpoint in " + folder + ", starting from the beginning");
            } else if (Files.exists(folder)) {
                LOG.warning("discarding the old checkpoint in " + folder + " (pass --resume to continue it)");
            }
            c.discard();
            Files.createDirectories(folder);
            c.writeAtomically(RUN_FILE, runKey);
            return c;
        } catch (IOException e) {
            throw new ExplaintException("cannot use the checkpoint folder " + folder + " (" + e.getMessage()
                    + "); the output's folder must be writable", e);
        }
    }

    /** The tally of a head-probing pass saved by an earlier run, or null. */
    HeadProbeTally read(String pass) {
        String json = readText(pass);
        return json == null ? null : HeadProbeTally.fromJson(json);
    }

    /** Saves the tally of a head-probing pass. */
    void write(String pass, HeadProbeTally tally) {
        writeText(pass, tally.toJson());
    }

    /** The state of a pass saved by an earlier run, as written by {@link #writeText}, or null. */
    String readText(String pass) {
        Path file = folder.resolve(pass + ".json");
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new ExplaintException("cannot read the checkpoint " + file + " (" + e.getMessage()
                    + "); delete " + folder + " and run without --resume", e);
        }
    }

    /** Saves the state of a pass, replacing the previous one atomically. */
    void writeText(String pass, String json) {
        try {
            writeAtomically(pass + ".json", json);
        } catch (IOException e) {
            throw new ExplaintException("cannot write the checkpoint in " + folder + " (" + e.getMessage()
                    + "); the output's folder must be writable", e);
        }
    }

    /** Removes the folder and everything in it. */
    void discard() {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ExplaintException("cannot remove the checkpoint folder " + folder + " (" + e.getMessage()
                    + "); remove it by hand", e);
        }
    }

    private void writeAtomically(String name, String content) throws IOException {
        Path temporary = folder.resolve(name + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
