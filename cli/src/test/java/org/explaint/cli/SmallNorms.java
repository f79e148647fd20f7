package org.explaint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small long-form norm table of 18 common words the built-in models can embed, for fast tests. */
final class SmallNorms {
    /** The words, in six groups of three. */
    static final List<String> WORDS = List.of("dog", "cat", "horse", "apple", "pear", "plum", "car", "bus",
            "train", "hammer", "saw", "drill", "shirt", "coat", "shoe", "cow", "goat", "lemon");

    private SmallNorms() {
    }

    /** Writes {@code word,feature,value} rows (a group feature and a graded size) to {@code file}. */
    static Path write(Path file) throws IOException {
        StringBuilder table = new StringBuilder("word,feature,value\n");
        for (int i = 0; i < WORDS.size(); i++) {
            table.append(WORDS.get(i)).append(",group").append(i / 3).append(",1\n");
            table.append(WORDS.get(i)).append(",size,").append(i % 5).append('\n');
        }
        return Files.writeString(file, table);
    }
}
