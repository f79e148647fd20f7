package org.explaint.text.fuzz;

import static org.explaint.runtime.fuzz.MutationFuzzer.fuzz;
import static org.explaint.runtime.fuzz.MutationFuzzer.seedFolder;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link TextFuzzTest} targets under the project's own seeded mutation fuzzer
 * ({@link org.explaint.runtime.fuzz.MutationFuzzer}).
 */
class TextMutationFuzzTest {
    @TempDir
    Path temp;

    @Test
    void llama2cTokenizer() {
        fuzz("llama2cTokenizer", seeds("llama2cTokenizer"), b -> TextFuzzTest.llama2c(temp, b));
    }

    @Test
    void hfTokenizer() {
        fuzz("hfTokenizer", seeds("hfTokenizer"), b -> TextFuzzTest.hf(temp, b));
    }

    @Test
    void conllu() {
        fuzz("conllu", seeds("conllu"), b -> TextFuzzTest.treebank(temp, b));
    }

    @Test
    void norms() {
        fuzz("norms", seeds("norms"), b -> TextFuzzTest.normTable(temp, b));
    }

    private static Path seeds(String method) {
        return seedFolder(TextFuzzTest.class, method);
    }
}
