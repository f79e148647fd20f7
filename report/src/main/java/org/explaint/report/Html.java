package org.explaint.report;

import java.util.regex.Pattern;

/**
 * Builds an HTML document in which all text is escaped unless it is markup written by this module.
 *
 * <p>Text and attribute values pass through {@link #escape}; tag and attribute names must be plain
 * names, and links may only point inside the page ({@code #anchor}). The one way around escaping
 * is {@link #trusted}, reserved for constants of this module (its style sheet and script).
 */
final class Html {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9:-]*");

    private final StringBuilder out = new StringBuilder(1 << 16);

    /** Escapes text for use in element content or a double-quoted attribute value. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Opens an element; {@code attributes} alternate name and value, values are escaped. */
    Html open(String tag, String... attributes) {
        startTag(tag, attributes);
        out.append('>');
        return this;
    }

    /** Writes an element with no content, such as {@code <rect ... />} or {@code <br>}. */
    Html empty(String tag, String... attributes) {
        startTag(tag, attributes);
        out.append("/>");
        return this;
    }

    /** Closes an element opened with {@link #open}. */
    Html close(String tag) {
        out.append("</").append(checkedName(tag)).append('>');
        return this;
    }

    /** Writes escaped text. */
    Html text(String text) {
        out.append(escape(text == null ? "" : text));
        return this;
    }

    /** Writes one element holding escaped text. */
    Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** Writes markup as it is: only for constants of this module, never for input text. */
    Html trusted(String markup) {
        out.append(markup);
        return this;
    }

    /** The document written so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    private void startTag(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes of <" + tag + "> must come in pairs");
        }
        out.append('<').append(checkedName(tag));
        for (int i = 0; i < attributes.length; i += 2) {
            String name = checkedName(attributes[i]);
            String value = attributes[i + 1];
            if (value == null) {
                continue;
            }

            // Links stay inside the page: the report must never reach out.
            if (name.equals("href") && !value.startsWith("#")) {
                throw new IllegalArgumentException("href must be an in-page anchor: " + value);
            }
            if (name.startsWith("on") || name.equals("src") || name.equals("style")) {
                throw new IllegalArgumentException("attribute not allowed in the report: " + name);
            }
            out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        }
    }

    private static String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain tag or attribute name: " + name);
        }
        return name;
    }
}
