package org.explaint.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.explaint.runtime.ModelFormatException;

/**
 * A Hugging Face {@code tokenizer.json} tokenizer, run by the Rust {@code tokenizers} library
 * through DJL's binding, so pieces match Python's exactly.
 *
 * <p>Padding and truncation, which many shipped {@code tokenizer.json} files switch on, are
 * switched off: explaint never pads, and a text too long for the model is rejected by the
 * runtime rather than silently cut. Special tokens are added as the file's post-processor
 * says ({@code [CLS] ... [SEP]} for BERT). Words given to {@link #encodeWords} are encoded as
 * pre-split words, so every piece knows its word even when the normaliser strips accents or
 * the pre-tokeniser splits punctuation off a word.
 *
 * <p>An instance holds a native handle and is safe to use from several threads.
 */
public final class HfTokenizer implements Tokenizer {
    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final String[] pieces;               // [vocab] the piece of each id
    private final Map<String, Integer> ids;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, Path file, String[] pieces, Map<String, Integer> ids) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.pieces = pieces;
        this.ids = ids;
    }

    /**
     * Loads a {@code tokenizer.json} file.
     *
     * @throws ModelFormatException when the file is missing or not a tokenizer the library reads
     */
    public static HfTokenizer load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException("tokenizer file " + file + " does not exist; a model needs its "
                    + "tokenizer.json beside it");
        }
        Map<String, Integer> ids = new HashMap<>();
        String[] pieces = vocabulary(file, ids);
        Map<String, String> options = Map.of("padding", "false", "truncation", "false",
                "addSpecialTokens", "true");
        try {
            return new HfTokenizer(HuggingFaceTokenizer.newInstance(file, options), file, pieces, ids);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException("cannot load tokenizer " + file + " (" + e.getMessage() + "); it is "
                    + "corrupt or not a Hugging Face tokenizer.json", e);
        }
    }

    /** The file this tokenizer was read from. */
    public Path file() {
        return file;
    }

    @Override
    public Encoding encode(String text) {
        return convert(tokenizer.encode(text, true, false));
    }

    @Override
    public Encoding encodeWords(List<String> words) {
        if (words.isEmpty()) {
            return encode("");
        }
        return convert(tokenizer.encode(words.toArray(String[]::new), true, false));
    }

    @Override
    public String piece(int id) {
        if (id < 0 || id >= pieces.length || pieces[id] == null) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of "
                    + pieces.length + " in " + file);
        }
        return pieces[id];
    }

    @Override
    public int id(String piece) {
        return ids.getOrDefault(piece, -1);
    }

    @Override
    public int vocabularySize() {
        return pieces.length;
    }

    @Override
    public String decode(int[] ids) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    }

    private Encoding convert(ai.djl.huggingface.tokenizers.Encoding e) {
        long[] longIds = e.getIds();
        long[] words = e.getWordIds();
        long[] special = e.getSpecialTokenMask();
        long[] types = e.getTypeIds();
        int n = longIds.length;
        int[] id = new int[n];
        int[] wordOf = new int[n];
        int[] segments = new int[n];
        for (int p = 0; p < n; p++) {
            id[p] = Math.toIntExact(longIds[p]);
            wordOf[p] = special[p] != 0 ? -1 : (int) words[p];
            segments[p] = (int) types[p];
        }
        return new Encoding(id, List.of(e.getTokens()), wordOf, segments);
    }

    // Piece strings by id, from the model vocabulary and the added tokens of tokenizer.json.
    private static String[] vocabulary(Path file, Map<String, Integer> ids) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("cannot read tokenizer " + file + " as JSON (" + e.getMessage()
                    + "); it is truncated or corrupt: delete it and extract or download it again", e);
        }
        // Ids are checked here, before the id-to-piece table is sized by the largest of them.
        long limit = fileSize(file);
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
                ids.put(entry.getKey(), id(file, entry.getKey(), entry.getValue(), limit));
            }
        } else if (vocab.isArray()) {
            if (vocab.size() > limit) {
                throw new ModelFormatException("tokenizer " + file + " is corrupt: its vocabulary lists more "
                        + "pieces than the file has bytes");
            }
            for (int i = 0; i < vocab.size(); i++) {
                if (!vocab.get(i).path(0).isTextual()) {
                    throw new ModelFormatException("tokenizer " + file + " has vocabulary entry " + i + " = "
                            + vocab.get(i) + "; each entry must start with its piece as a string");
                }
                ids.put(vocab.get(i).path(0).asText(), i);
            }
        } else {
            throw new ModelFormatException("tokenizer " + file + " has no model.vocab table; it is not a "
                    + "Hugging Face tokenizer.json explaint can read");
        }
        // The library checks the unknown token only when a text needs it; check it when loading.
        JsonNode unknown = root.path("model").path("unk_token");
        if (unknown.isTextual() && !ids.containsKey(unknown.asText())) {
            throw new ModelFormatException("tokenizer " + file + " names '" + unknown.asText() + "' as its "
                    + "unknown token (model.unk_token) but its vocabulary has no such piece; the file is "
                    + "corrupt or was edited by hand");
        }
        for (JsonNode added : root.path("added_tokens")) {
            if (!added.path("content").isTextual()) {
                throw new ModelFormatException("tokenizer " + file + " has an added token without a string "
                        + "\"content\": " + added);
            }
            String piece = added.path("content").asText();
            int id = id(file, piece, added.path("id"), limit);
            Integer earlier = ids.put(piece, id);
            if (earlier != null && earlier != id) {
                // The library would use the vocabulary's id and this table the added one.
                throw new ModelFormatException("tokenizer " + file + " gives '" + piece + "' the id " + earlier
                        + " in model.vocab but " + id + " in added_tokens; the file is inconsistent");
            }
        }
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] pieces = new String[size];
        List<String> negative = new ArrayList<>();
        ids.forEach((piece, id) -> {
            if (id < 0) {
                negative.add(piece);
            } else {
                pieces[id] = piece;
            }
        });
        if (!negative.isEmpty()) {
            throw new ModelFormatException("tokenizer " + file + " gives negative ids to " + negative);
        }
        return pieces;
    }

    /*
     * A piece's id: an integer from 0 up to the file's length in bytes. Every piece takes more
     * than a byte of the file, so a larger id cannot number a real vocabulary; refusing it keeps
     * a corrupt file from sizing a huge table or from overflowing an int.
     */
    private static int id(Path file, String piece, JsonNode value, long limit) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() >= limit) {
            throw new ModelFormatException("tokenizer " + file + " gives piece '" + piece + "' the id "
                    + value + "; ids must be integers from 0 to the number of pieces. The file is corrupt: "
                    + "delete it and extract or download it again");
        }
        return value.asInt();
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read tokenizer " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
