package org.explaint.text.conllu;

import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.ExplaintException;

/** Turns the lines of one CoNLL-U sentence block into a checked {@link Sentence}. */
final class SentenceParser {
    private static final int COLUMNS = 10;

    private SentenceParser() {
    }

    /**
     * Parses one block.
     *
     * @param file      the file name for messages
     * @param lines     the block's lines, comments included, blank lines excluded
     * @param firstLine the 1-based file line of {@code lines.get(0)}
     * @throws ExplaintException naming the file, the line and the reason for a malformed block
     */
    static Sentence parse(String file, List<String> lines, int firstLine) {
        String id = null;
        String text = null;
        List<Word> words = new ArrayList<>();

        // Read comments and word lines, skipping multiword ranges and empty nodes.
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = firstLine + i;
            if (line.startsWith("#")) {
                String comment = line.substring(1).strip();
                if (comment.startsWith("sent_id") && comment.contains("=")) {
                    id = comment.substring(comment.indexOf('=') + 1).strip();
                } else if (comment.startsWith("text ") || comment.startsWith("text=")) {
                    text = comment.substring(comment.indexOf('=') + 1).strip();
                }
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length != COLUMNS) {
                throw error(file, lineNo, "expected " + COLUMNS + " tab-separated columns, found "
                        + cols.length);
            }
            if (cols[0].contains("-") || cols[0].contains(".")) {
                continue;
            }
            int wordId = integer(file, lineNo, "id", cols[0]);
            if (wordId != words.size() + 1) {
                throw error(file, lineNo, "word id " + wordId + " does not follow the previous id "
                        + words.size() + "; ids must count 1, 2, 3, ...");
            }
            int head = integer(file, lineNo, "head", cols[6]);
            if (cols[7].isEmpty() || cols[7].equals("_")) {
                throw error(file, lineNo, "the dependency relation column is empty");
            }
            words.add(Word.of(wordId, cols[1], cols[2], cols[3], head, cols[7], lineNo));
        }
        if (words.isEmpty()) {
            throw error(file, firstLine, "the sentence has no words");
        }

        checkTree(file, words);
        String sentenceId = id != null ? id : "line-" + firstLine;
        String sentenceText = text != null ? text
                : String.join(" ", words.stream().map(Word::form).toList());
        return new Sentence(sentenceId, sentenceText, words, firstLine);
    }

    /** Checks that heads stay in the sentence, there is exactly one root and no cycle. */
    private static void checkTree(String file, List<Word> words) {
        int n = words.size();
        Word root = null;
        for (Word w : words) {
            if (w.head() < 0 || w.head() > n) {
                throw error(file, w.line(), "head " + w.head() + " points outside the sentence of "
                        + n + " words");
            }
            if (w.head() == 0) {
                if (root != null) {
                    throw error(file, w.line(), "a second root (the first is word " + root.id()
                            + " on line " + root.line() + ")");
                }
                root = w;
            }
        }
        if (root == null) {
            throw error(file, words.get(0).line(), "the sentence starting here has no root "
                    + "(no word with head 0)");
        }

        // Every word must reach the root within n steps; otherwise its path loops.
        for (Word w : words) {
            int at = w.id();
            for (int steps = 0; at != 0; steps++) {
                if (steps > n) {
                    throw error(file, w.line(), "the heads form a cycle through word " + w.id());
                }
                at = words.get(at - 1).head();
            }
        }
    }

    private static int integer(String file, int line, String column, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(file, line, "the " + column + " column holds '" + value
                    + "', not an integer");
        }
    }

    private static ExplaintException error(String file, int line, String reason) {
        return new ExplaintException("malformed CoNLL-U in " + file + " at line " + line + ": "
                + reason + ". Fix the file, or pass --lenient to skip malformed sentences.");
    }
}
