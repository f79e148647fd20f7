package org.explaint.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.conllu.Treebank;

/**
 * The sentences of a CoNLL-U treebank (or, for the activation export, of a plain-text corpus
 * with one sentence per line) that a job will process, chosen on the driver exactly as the
 * single-machine run chooses them.
 *
 * <p>The single-machine run numbers only well-formed sentences, counts {@code --limit} in
 * well-formed sentences, and in lenient mode counts the malformed ones it read past before its
 * last sentence. To give the same numbers, the driver reads the file (from any path Hadoop can
 * open: local, {@code hdfs://}, {@code s3a://}, ...), splits it into blocks and checks each
 * block once. Checking is a text pass of milliseconds; the model work happens on the executors,
 * which parse the shipped blocks again with the same parser.
 *
 * @param file     the treebank as given, used in messages and in the result's description
 * @param blocks   the chosen sentences, numbered 0..n-1
 * @param skipped  malformed sentences skipped before the last chosen one (lenient mode)
 * @param problems the reason for each skipped sentence, naming file and line
 */
public record Corpus(String file, List<SentenceBlock> blocks, int skipped, List<String> problems) {

    /**
     * Reads and selects the sentences.
     *
     * @param file    a Hadoop path or URI
     * @param hadoop  the Hadoop configuration (from the Spark context)
     * @param limit   most sentences to take; negative: all
     * @param lenient skip malformed sentences (true) or fail on the first one (false)
     * @throws ExplaintException when the file cannot be read, or (strict mode) naming the file and
     *                           line of the first malformed sentence
     */
    public static Corpus read(String file, Configuration hadoop, int limit, boolean lenient) {
        List<Treebank.Block> raw;
        try {
            Path path = new Path(file);
            FileSystem fs = path.getFileSystem(hadoop);
            try (InputStream in = fs.open(path);
                 Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                if (!isConllu(file)) {
                    return plainText(file, new BufferedReader(reader), limit);
                }
                raw = Treebank.readBlocks(file, reader);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ExplaintException("cannot read the treebank " + file + ": " + e.getMessage()
                    + "; check the path (a local file, or a URI such as hdfs://host/path)", e);
        }
        return select(file, raw, limit, lenient);
    }

    /** Whether a corpus is read as CoNLL-U (by its name, as {@code explaint map --corpus} decides). */
    public static boolean isConllu(String file) {
        return file.toLowerCase(java.util.Locale.ROOT).endsWith(".conllu");
    }

    // A plain-text corpus: one sentence per non-blank line, words separated by white space.
    private static Corpus plainText(String file, BufferedReader reader, int limit) throws IOException {
        List<SentenceBlock> chosen = new ArrayList<>();
        int lineNumber = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (limit >= 0 && chosen.size() >= limit) {
                break;
            }
            if (!line.isBlank()) {
                chosen.add(new SentenceBlock(chosen.size(), lineNumber, line.strip(), true));
            }
        }
        return new Corpus(file, List.copyOf(chosen), 0, List.of());
    }

    /** Chooses and numbers the sentences of already split blocks. */
    static Corpus select(String file, List<Treebank.Block> raw, int limit, boolean lenient) {
        List<SentenceBlock> chosen = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Treebank.Block block : raw) {
            if (limit >= 0 && chosen.size() >= limit) {
                break;
            }
            try {
                Treebank.parseBlock(file, block);
            } catch (ExplaintException e) {
                if (!lenient) {
                    throw e;
                }
                problems.add(e.getMessage());
                continue;
            }
            chosen.add(new SentenceBlock(chosen.size(), block.firstLine(), String.join("\n", block.lines())));
        }
        return new Corpus(file, List.copyOf(chosen), problems.size(), List.copyOf(problems));
    }
}
