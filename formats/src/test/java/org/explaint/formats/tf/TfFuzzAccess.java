package org.explaint.formats.tf;

import java.nio.file.Path;

/**
 * Opens two package-private parsers to the fuzz targets in {@code org.explaint.formats.fuzz}.
 *
 * <p>Test code only: the public entry of the vocabulary converter writes into the user's cache
 * folder, which a fuzzer must not fill, so the target calls the pure conversion instead.
 */
public final class TfFuzzAccess {
    private TfFuzzAccess() {
    }

    /** {@link BertTokenizerJson#build}: vocab.txt text to tokenizer.json text. */
    public static String tokenizerJson(Path source, String vocabText, boolean lowercase) {
        return BertTokenizerJson.build(source, vocabText, lowercase);
    }

    /** The masked CRC-32C a table file stores after each block. */
    public static int maskedCrc32c(byte[] bytes, int offset, int length) {
        return TableFile.maskedCrc32c(bytes, offset, length);
    }
}
