package org.explaint.formats.tf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.explaint.runtime.DataDirectory;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelFormatException;

/**
 * Writes a Hugging Face {@code tokenizer.json} for a BERT WordPiece vocabulary ({@code vocab.txt}),
 * so that TensorFlow checkpoints, which ship only the vocabulary, get the same tokenizer as
 * their Hugging Face copies.
 *
 * <p>The file describes BERT's tokenizer as Google's code runs it: text cleaning, Chinese
 * characters split apart, lower-casing with accents stripped for uncased models (nothing of
 * the kind for cased ones), splitting on whitespace and punctuation, greedy longest-match
 * WordPiece with {@code ##} continuations and {@code [UNK]} for words over 100 characters, and
 * {@code [CLS] A [SEP] B [SEP]} around the text with segment 1 for the second text. No padding,
 * no truncation. The file is named by a hash of the vocabulary and the casing and cached under
 * {@code DataDirectory.cacheRoot()/models/tf-tokenizers/}, so it is written once.
 */
public final class BertTokenizerJson {
    private static final List<String> SPECIAL =
            List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private BertTokenizerJson() {
    }

    /**
     * The cached {@code tokenizer.json} for a vocabulary, written on first use.
     *
     * @param vocabulary {@code vocab.txt}: one piece per line, line {@code i} is id {@code i}
     * @param lowercase  whether the model is uncased
     * @throws ModelFormatException when the vocabulary lacks BERT's special tokens
     */
    public static Path forVocabulary(Path vocabulary, boolean lowercase) {
        try {
            byte[] bytes = Files.readAllBytes(vocabulary);
            String name = sha256(bytes).substring(0, 16) + (lowercase ? "-uncased" : "-cased")
                    + ".json";
            Path file = DataDirectory.cacheRoot().resolve("models/tf-tokenizers").resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
            String json = build(vocabulary, new String(bytes, StandardCharsets.UTF_8), lowercase);
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), name, ".part");
            try {
                Files.writeString(temporary, json, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return file;
        } catch (IOException e) {
            throw new ExplaintException("cannot write a tokenizer.json for " + vocabulary + " (" + e
                    + "); check that the cache folder " + DataDirectory.cacheRoot()
                    + " is writable", e);
        }
    }

    /** The {@code tokenizer.json} text for a vocabulary given as the text of {@code vocab.txt}. */
    static String build(Path source, String vocabText, boolean lowercase) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode vocab = json.createObjectNode();
        String[] lines = vocabText.split("\r?\n", -1);
        boolean finalNewline = lines.length > 0 && lines[lines.length - 1].isEmpty();
        int count = finalNewline ? lines.length - 1 : lines.length;
        for (int id = 0; id < count; id++) {
            if (vocab.has(lines[id])) {
                throw new ModelFormatException(source + " line " + (id + 1) + " repeats the piece '"
                        + lines[id] + "'; a WordPiece vocabulary lists each piece once");
            }
            vocab.put(lines[id], id);
        }
        for (String special : SPECIAL) {
            if (!vocab.has(special)) {
                throw new ModelFormatException(source + " lacks BERT's special token " + special
                        + "; it is not a BERT vocabulary");
            }
        }

        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : SPECIAL) {
            added.addObject().put("id", vocab.get(special).asInt()).put("content", special)
                    .put("single_word", false).put("lstrip", false).put("rstrip", false)
                    .put("normalized", false).put("special", true);
        }
        ObjectNode normalizer = root.putObject("normalizer").put("type", "BertNormalizer")
                .put("clean_text", true).put("handle_chinese_chars", true)
                .put("lowercase", lowercase);
        normalizer.putNull("strip_accents");   // null: follow lowercase, as Google's code does
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        root.set("post_processor", postProcessor(json, vocab));
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model").put("type", "WordPiece")
                .put("unk_token", "[UNK]")
                .put("continuing_subword_prefix", "##").put("max_input_chars_per_word", 100);
        model.set("vocab", vocab);
        return root.toPrettyString();
    }

    // [CLS] A [SEP] for one text; [CLS] A [SEP] B [SEP], B in segment 1, for a pair.
    private static ObjectNode postProcessor(ObjectMapper json, ObjectNode vocab) {
        ObjectNode p = json.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        special(single, "[CLS]", 0);
        sequence(single, "A", 0);
        special(single, "[SEP]", 0);
        ArrayNode pair = p.putArray("pair");
        special(pair, "[CLS]", 0);
        sequence(pair, "A", 0);
        special(pair, "[SEP]", 0);
        sequence(pair, "B", 1);
        special(pair, "[SEP]", 1);
        ObjectNode tokens = p.putObject("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            ObjectNode t = tokens.putObject(s).put("id", s);
            t.putArray("ids").add(vocab.get(s).asInt());
            t.putArray("tokens").add(s);
        }
        return p;
    }

    private static void special(ArrayNode template, String token, int segment) {
        template.addObject().putObject("SpecialToken").put("id", token).put("type_id", segment);
    }

    private static void sequence(ArrayNode template, String which, int segment) {
        template.addObject().putObject("Sequence").put("id", which).put("type_id", segment);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
