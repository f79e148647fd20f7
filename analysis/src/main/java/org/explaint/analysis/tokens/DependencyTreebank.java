package org.explaint.analysis.tokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.ExplaintException;

/**
 * Reads the words, heads and relations of a CoNLL-U file.
 *
 * <p>A minimal reader for the token-correspondence command: comment lines, multiword-token
 * ranges ({@code 3-4}) and empty nodes ({@code 5.1}) are skipped; everything else must have ten
 * tab-separated columns with a numeric head. It does not validate trees; the project's full
 * CoNLL-U reader does, and should replace this class once it is on the classpath.
 */
public final class DependencyTreebank {
    private DependencyTreebank() {
    }

    /**
     * Reads up to {@code limit} sentences.
     *
     * @param file  the CoNLL-U file
     * @param limit most sentences to read; 0 or less for all
     * @throws ExplaintException when the file cannot be read or a word line is malformed
     */
    public static List<DependencySentence> read(Path file, int limit) {
        List<DependencySentence> out = new ArrayList<>();
        List<String> forms = new ArrayList<>();
        List<Integer> heads = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    if (!forms.isEmpty()) {
                        out.add(sentence(forms, heads, relations));
                        if (limit > 0 && out.size() >= limit) {
                            return out;
                        }
                    }
                    continue;
                }
                if (line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != 10) {
                    throw new ExplaintException(file + " line " + number + ": a CoNLL-U word line needs 10 "
                            + "tab-separated columns, found " + cols.length + "; check that the file is "
                            + "CoNLL-U and not space-separated");
                }
                if (cols[0].contains("-") || cols[0].contains(".")) {
                    continue;
                }
                int head;
                try {
                    head = Integer.parseInt(cols[6]);
                } catch (NumberFormatException e) {
                    throw new ExplaintException(file + " line " + number + ": head '" + cols[6] + "' is not "
                            + "a number; the treebank must be annotated with basic dependencies");
                }
                int colon = cols[7].indexOf(':');
                forms.add(cols[1]);
                heads.add(head);
                relations.add(colon < 0 ? cols[7] : cols[7].substring(0, colon));
            }
            if (!forms.isEmpty()) {
                out.add(sentence(forms, heads, relations));
            }
        } catch (IOException e) {
            throw new ExplaintException("cannot read treebank " + file + ": " + e.getMessage()
                    + "; check the path and its permissions");
        }
        return out;
    }

    private static DependencySentence sentence(List<String> forms, List<Integer> heads, List<String> relations) {
        DependencySentence s = new DependencySentence(forms,
                heads.stream().mapToInt(Integer::intValue).toArray(), relations.toArray(new String[0]));
        forms.clear();
        heads.clear();
        relations.clear();
        return s;
    }
}
