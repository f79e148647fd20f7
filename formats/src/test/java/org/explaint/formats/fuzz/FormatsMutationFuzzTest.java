package org.explaint.formats.fuzz;

import static org.explaint.runtime.fuzz.MutationFuzzer.fuzz;
import static org.explaint.runtime.fuzz.MutationFuzzer.seedFolder;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link FormatsFuzzTest} targets under the project's own seeded mutation fuzzer
 * ({@link org.explaint.runtime.fuzz.MutationFuzzer}): a few hundred damaged seeds per target in
 * every build, and as long as {@code EXPLAINT_FUZZ_SECONDS} says in {@code .ci/fuzz}.
 */
class FormatsMutationFuzzTest {
    @TempDir
    Path temp;

    @Test
    void safetensorsHeader() {
        fuzz("safetensorsHeader", seeds("safetensorsHeader"), b -> FormatsFuzzTest.safetensors(temp, b));
    }

    @Test
    void ggufFile() {
        fuzz("ggufFile", seeds("ggufFile"), b -> FormatsFuzzTest.gguf(temp, b));
    }

    @Test
    void llama2cCheckpoint() {
        fuzz("llama2cCheckpoint", seeds("llama2cCheckpoint"), b -> FormatsFuzzTest.llama2c(temp, b));
    }

    @Test
    void onnxModel() {
        fuzz("onnxModel", seeds("onnxModel"), b -> FormatsFuzzTest.onnx(temp, b));
    }

    @Test
    void tfCheckpointIndex() {
        fuzz("tfCheckpointIndex", seeds("tfCheckpointIndex"), b -> FormatsFuzzTest.tfIndex(temp, b));
    }

    @Test
    void tfBundleEntries() {
        fuzz("tfBundleEntries", seeds("tfBundleEntries"), b -> FormatsFuzzTest.tfEntries(temp, b));
    }

    @Test
    void bertVocabulary() {
        fuzz("bertVocabulary", seeds("bertVocabulary"), b -> FormatsFuzzTest.bertVocab(temp, b));
    }

    private static Path seeds(String method) {
        return seedFolder(FormatsFuzzTest.class, method);
    }
}
