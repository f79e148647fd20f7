package org.explaint.text.conllu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.logging.Logger;
import org.explaint.runtime.ExplaintException;

/**
 * Reads a CoNLL-U treebank one sentence at a time, so a large corpus is never held whole.
 *
 * <p>Multiword-token ranges ({@code 1-2}) and empty nodes ({@code 5.1}) are skipped; every other
 * line must have the ten tab-separated columns, an integer id that continues the sentence's
 * count, and an integer head that names a word of the same sentence or 0. The head graph of each
 * sentence must be a tree: exactly one root and no cycles.
 *
 * <p>In strict mode the first malformed sentence fails with an {@link ExplaintException} naming
 * the file, the line and the reason. In lenient mode a malformed sentence is skipped; the count
 * and the reasons are available from {@link #skipped()} and {@link #problems()}.
 *
 * <p>Use it as an iterator in a try-with-resources block; it closes the file at its end.
 */
public final class Treebank implements Iterator<Sentence>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Treebank.class.getName());

    private final String name;
    private final BufferedReader reader;
    private final boolean lenient;
    private final List<String> problems = new ArrayList<>();
    private int lineNumber;
    private int skipped;
    private Sentence next;
    private boolean finished;

    private Treebank(String name, Reader reader, boolean lenient) {
        this.name = name;
        this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        this.lenient = lenient;
    }

    /**
     * Opens a CoNLL-U file (UTF-8).
     *
     * @param file    the treebank
     * @param lenient whether malformed sentences are skipped (true) or fail the read (false)
     */
    public static Treebank open(Path file, boolean lenient) {
        try {
            return new Treebank(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8),
                    lenient);
        } catch (IOException e) {
            throw new ExplaintException("cannot read the treebank " + file + ": " + e.getMessage()
                    + "; check the path", e);
        }
    }

    /** Reads CoNLL-U from a reader; {@code name} is used in error messages. */
    public static Treebank read(String name, Reader reader, boolean lenient) {
        return new Treebank(name, reader, lenient);
    }

    /** Reads CoNLL-U text held in a string. */
    public static Treebank parse(String name, String text, boolean lenient) {
        return read(name, new StringReader(text), lenient);
    }

    /**
     * Reads the raw sentence blocks of CoNLL-U text without checking them: for a caller that
     * ships blocks elsewhere (a Spark job) and parses them there with {@link #parseBlock}, so
     * that messages still name the file and line the block came from.
     *
     * @param name   the file name, kept for messages
     * @param reader the text; read to its end but not closed
     */
    public static List<Block> readBlocks(String name, Reader reader) {
        Treebank t = new Treebank(name, reader, false);
        List<Block> out = new ArrayList<>();
        Block b;
        while ((b = t.readBlock()) != null) {
            out.add(b);
        }
        return out;
    }

    /**
     * Parses one block read by {@link #readBlocks}, with the checks a {@code Treebank} makes.
     *
     * @param name  the file name for messages
     * @param block the block
     * @throws ExplaintException naming the file, the line and the reason for a malformed block
     */
    public static Sentence parseBlock(String name, Block block) {
        return SentenceParser.parse(name, block.lines(), block.firstLine());
    }

    /** Reads a whole file into a list (for small treebanks and tests). */
    public static List<Sentence> readAll(Path file, boolean lenient) {
        List<Sentence> out = new ArrayList<>();
        try (Treebank t = open(file, lenient)) {
            t.forEachRemaining(out::add);
        }
        return out;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !finished) {
            next = readSentence();
            finished = next == null;
        }
        return next != null;
    }

    @Override
    public Sentence next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more sentences in " + name);
        }
        Sentence s = next;
        next = null;
        return s;
    }

    /** Number of malformed sentences skipped so far (lenient mode only). */
    public int skipped() {
        return skipped;
    }

    /** The reasons sentences were skipped, one message each, in file order. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The name (path) used in messages. */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next well-formed sentence, or null at the end of the file. */
    private Sentence readSentence() {
        while (true) {
            Block block = readBlock();
            if (block == null) {
                return null;
            }
            try {
                return SentenceParser.parse(name, block.lines(), block.firstLine());
            } catch (ExplaintException e) {
                if (!lenient) {
                    throw e;
                }
                skipped++;
                problems.add(e.getMessage());
                LOG.fine(() -> "skipped a sentence: " + e.getMessage());
            }
        }
    }

    /** The raw lines of the next sentence (comments included), or null at the end. */
    private Block readBlock() {
        List<String> lines = new ArrayList<>();
        int first = -1;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    if (!lines.isEmpty()) {
                        return new Block(lines, first);
                    }
                    continue;
                }
                if (lines.isEmpty()) {
                    first = lineNumber;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new ExplaintException("cannot read the treebank " + name + " at line " + lineNumber
                    + ": " + e.getMessage(), e);
        }
        return lines.isEmpty() ? null : new Block(lines, first);
    }

    /**
     * The lines of one sentence block (comments included, blank lines excluded) and the 1-based
     * file line of the first.
     */
    public record Block(List<String> lines, int firstLine) {
        /** Copies the lines, so a block stays as it was read. */
        public Block {
            lines = List.copyOf(lines);
        }
    }
}
