package org.explaint.text.norms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.ExplaintException;

/**
 * A comma- or tab-separated text file read into records, with the file name and line number
 * of each kept for error messages.
 *
 * <p>Fields may be quoted with double quotes (a doubled quote inside is one quote); quoted
 * fields may not span lines. Carriage returns at line ends (CRLF files) are dropped. Blank
 * lines are skipped.
 */
final class DelimitedFile {
    /** One parsed line: its fields and its 1-based line number. */
    record Row(List<String> fields, int line) {
    }

    private final Path path;
    private final List<String> header;
    private final List<Row> rows;

    private DelimitedFile(Path path, List<String> header, List<Row> rows) {
        this.path = path;
        this.header = header;
        this.rows = rows;
    }

    /** Reads a file whose first line is a header; the delimiter is guessed from the header. */
    static DelimitedFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExplaintException("cannot read norms file " + path + ": " + e.getMessage()
                    + ". Check the path and that the file is UTF-8 text.", e);
        }
        if (lines.isEmpty()) {
            throw new ExplaintException("norms file " + path + " is empty; expected a header line.");
        }
        String first = strip(lines.get(0));
        char delimiter = first.indexOf('\t') >= 0 ? '\t' : ',';
        List<String> header = split(first, delimiter);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = strip(lines.get(i));
            if (!line.isBlank()) {
                rows.add(new Row(split(line, delimiter), i + 1));
            }
        }
        return new DelimitedFile(path, header, rows);
    }

    /** The header fields. */
    List<String> header() {
        return header;
    }

    /** The data rows. */
    List<Row> rows() {
        return rows;
    }

    /** The index of a header column, or an error naming the file and the columns it has. */
    int column(String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new ExplaintException("norms file " + path + " has no column '" + name
                + "' in its header " + header + "; is --format right for this file?");
    }

    /** A field of a row, or an error naming the file and line when the row is too short. */
    String field(Row row, int column) {
        if (column >= row.fields().size()) {
            throw error(row, "has " + row.fields().size() + " fields, expected at least "
                    + (column + 1));
        }
        return row.fields().get(column);
    }

    /**
     * A numeric field, or an error naming the file, line and text. {@code NaN} and infinities
     * are refused too: Java parses them, but no norm is infinite, and a NaN would spread
     * silently through every mean and correlation computed from the table. (Missing cells are
     * the caller's business: the wide reader recognises {@code na} and {@code nan} first.)
     */
    double number(Row row, int column) {
        String text = field(row, column).trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(row, "column '" + header.get(column) + "' holds '" + text
                    + "', not a number");
        }
        if (!Double.isFinite(value)) {
            throw error(row, "column '" + header.get(column) + "' holds '" + text
                    + "', which is not a finite number");
        }
        return value;
    }

    /** An error about one line of this file. */
    ExplaintException error(Row row, String what) {
        return new ExplaintException("norms file " + path + " line " + row.line() + " " + what
                + ". Fix the line or choose the matching --format.");
    }

    private static String strip(String line) {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
