package org.explaint.text.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.Encoding;
import org.explaint.text.HfTokenizer;
import org.explaint.text.Llama2cTokenizer;
import org.explaint.text.Tokenizer;
import org.explaint.text.conllu.Treebank;
import org.explaint.text.norms.NormFiles;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets for the text module's file parsers: tokenizer files, CoNLL-U treebanks and
 * feature-norm tables (docs/hardening.md).
 *
 * <p>As in {@code FormatsFuzzTest}, each target writes the input as a file, calls the public
 * entry point and uses what it returns; only {@link ExplaintException} may come out. The seeds
 * and every input that once crashed a parser live in
 * {@code src/test/resources/org/explaint/text/fuzz/TextFuzzTestInputs/<method>/} and run as
 * ordinary tests; {@link TextMutationFuzzTest} runs the same targets under the project's
 * mutation fuzzer.
 */
class TextFuzzTest {
    private static final String TEXT = "hello world, a b ab";

    @TempDir
    Path temp;

    @FuzzTest(maxDuration = "10s")
    void llama2cTokenizer(byte[] data) throws IOException {
        llama2c(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void hfTokenizer(byte[] data) throws IOException {
        hf(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void conllu(byte[] data) throws IOException {
        treebank(temp, data);
    }

    @FuzzTest(maxDuration = "10s")
    void norms(byte[] data) throws IOException {
        normTable(temp, data);
    }

    // ---- the targets, shared with TextMutationFuzzTest ----

    /** A llama2.c tokenizer.bin: read it, then encode and decode a little text. */
    static void llama2c(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("tokenizer.bin"), data);
        try {
            use(Llama2cTokenizer.read(file));
        } catch (ExplaintException documented) {
            // a bad file is reported with the project's error: fine
        }
    }

    /** A Hugging Face tokenizer.json: load it, then encode and decode a little text. */
    static void hf(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("tokenizer.json"), data);
        try {
            use(HfTokenizer.load(file));
        } catch (ExplaintException documented) {
            // fine
        }
    }

    /** A CoNLL-U treebank, read strictly and then leniently to its end. */
    static void treebank(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("treebank.conllu"), data);
        for (boolean lenient : new boolean[] {false, true}) {
            try {
                Treebank.readAll(file, lenient);
            } catch (ExplaintException documented) {
                // fine
            }
        }
    }

    /** A norms table, read as every format the command line offers. */
    static void normTable(Path dir, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("norms.csv"), data);
        for (String format : List.of("mcrae", "buchanan", "binder", "brysbaert", "csv")) {
            try {
                NormFiles.read(file, format);
            } catch (ExplaintException documented) {
                // fine
            }
        }
    }

    // Exercises what a loaded tokenizer offers, as the analyses do.
    private static void use(Tokenizer tokenizer) {
        Encoding e = tokenizer.encode(TEXT);
        tokenizer.encodeWords(List.of("hello", "world"));
        for (int id : e.ids()) {
            tokenizer.piece(id);
        }
        tokenizer.decode(e.ids());
        tokenizer.id("hello");
        new String(TEXT.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
