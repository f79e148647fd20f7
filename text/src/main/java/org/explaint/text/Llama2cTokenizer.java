package org.explaint.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.explaint.runtime.ModelFormatException;

/**
 * The byte-fallback BPE tokenizer of llama2.c's {@code tokenizer.bin} files (sentencepiece
 * vocabularies exported by Karpathy's llama2.c, 2023).
 *
 * <p>Encoding follows llama2.c's {@code encode}: a start token (id 1), a "dummy prefix" space
 * before non-empty text as sentencepiece adds it, one token per Unicode code point (or one
 * {@code <0xXX>} token per UTF-8 byte where the code point is not in the vocabulary, ids 3-258),
 * then repeated merging of the adjacent pair whose joined piece has the highest score. It differs
 * from sentencepiece itself in the same ways llama2.c does (no text normalisation; merges are
 * greedy by score, not by the model's merge ranks), which is what llama2.c checkpoints expect.
 *
 * <p>Words are runs of non-space characters; a piece belongs to the word of its first non-space
 * character, and a piece of spaces only to the word that follows it.
 */
public final class Llama2cTokenizer implements Tokenizer {
    /** The start-of-text token id. */
    public static final int BOS = 1;
    /** The end-of-text token id. */
    public static final int EOS = 2;
    private static final int BYTE_BASE = 3;

    private final String[] pieces;
    private final byte[][] bytes;
    private final float[] scores;
    private final Map<String, Integer> ids = new HashMap<>();

    private Llama2cTokenizer(String[] pieces, byte[][] bytes, float[] scores) {
        this.pieces = pieces;
        this.bytes = bytes;
        this.scores = scores;
        for (int i = 0; i < pieces.length; i++) {
            ids.putIfAbsent(pieces[i], i);
        }
    }

    /**
     * Reads a llama2.c tokenizer file: int32 max token length, then per token a float32 score,
     * an int32 byte length and the bytes, all little-endian, up to the end of the file.
     *
     * @throws ModelFormatException when the file is missing, truncated or inconsistent
     */
    public static Llama2cTokenizer read(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read the llama2.c tokenizer " + file + ": "
                    + e.getMessage() + "; pass the tokenizer .bin that belongs to the checkpoint", e);
        }
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) {
            throw new ModelFormatException("the llama2.c tokenizer " + file + " is shorter than its "
                    + "4-byte header; the file is truncated or not a tokenizer");
        }
        int maxLength = in.getInt();
        List<String> pieces = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 8) {
                throw new ModelFormatException("the llama2.c tokenizer " + file + " ends inside the "
                        + "entry of token " + pieces.size() + " (byte " + at + "); the file is truncated");
            }
            float score = in.getFloat();
            int length = in.getInt();
            if (length < 0 || length > maxLength || length > in.remaining()) {
                throw new ModelFormatException("token " + pieces.size() + " of the llama2.c tokenizer "
                        + file + " claims " + length + " bytes (byte " + at + "), but the maximum is "
                        + maxLength + " and " + in.remaining() + " bytes remain; the file is corrupt");
            }
            byte[] b = new byte[length];
            in.get(b);
            pieces.add(new String(b, StandardCharsets.UTF_8));
            bytes.add(b);
            scores.add(score);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        if (s.length < BYTE_BASE + 256) {
            throw new ModelFormatException("the llama2.c tokenizer " + file + " has only " + s.length
                    + " tokens, fewer than the 3 specials and 256 byte tokens it must hold");
        }
        return new Llama2cTokenizer(pieces.toArray(String[]::new), bytes.toArray(byte[][]::new), s);
    }

    /**
     * A tokenizer from pieces (spaces written as spaces, not sentencepiece's {@code \u2581}) and
     * their scores, e.g. a GGUF file's sentencepiece vocabulary.
     *
     * @throws ModelFormatException unless ids 1 and 2 are the start/end tokens and ids 3-258 the
     *                              byte tokens {@code <0x00>}..{@code <0xFF>}
     */
    public static Llama2cTokenizer of(List<String> pieces, float[] scores) {
        if (pieces.size() < BYTE_BASE + 256 || !"<0x00>".equals(pieces.get(BYTE_BASE))
                || !"<0xFF>".equals(pieces.get(BYTE_BASE + 255))) {
            throw new ModelFormatException("this sentencepiece vocabulary of " + pieces.size() + " pieces does "
                    + "not hold the byte tokens <0x00>..<0xFF> at ids 3-258 that byte fallback needs");
        }
        byte[][] bytes = new byte[pieces.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = pieces.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return new Llama2cTokenizer(pieces.toArray(String[]::new), bytes, scores.clone());
    }

    @Override
    public Encoding encode(String text) {
        return encodeWords(List.of(text.strip().split("\\s+")), text);
    }

    @Override
    public Encoding encodeWords(List<String> words) {
        return encodeWords(words, String.join(" ", words));
    }

    /** Token ids of a text without the start token, as llama2.c encodes a prompt's body. */
    public int[] encodeBody(String text) {
        List<Piece> merged = bpe(text);
        return merged.stream().mapToInt(Piece::id).toArray();
    }

    // A token with the span of UTF-8 bytes [start, end) of the text it covers.
    private record Piece(int id, int start, int end) {
    }

    private Encoding encodeWords(List<String> words, String text) {
        List<Piece> merged = bpe(text);

        // Word index of every byte of the text (spaces take the following word).
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int[] wordOfByte = new int[utf8.length + 1];
        int word = -1;
        boolean inWord = false;
        for (int i = 0; i < utf8.length; i++) {
            boolean space = utf8[i] == ' ' || utf8[i] == '\n' || utf8[i] == '\t' || utf8[i] == '\r';
            if (!space && !inWord) {
                word++;
            }
            inWord = !space;
            wordOfByte[i] = space ? -2 : word;
        }
        int next = Math.max(word, 0);
        for (int i = utf8.length; i >= 0; i--) {
            if (i < utf8.length && wordOfByte[i] >= 0) {
                next = wordOfByte[i];
            } else {
                wordOfByte[i] = next;
            }
        }

        int n = merged.size() + 1;
        int[] out = new int[n];
        int[] wordOf = new int[n];
        List<String> texts = new ArrayList<>(n);
        out[0] = BOS;
        wordOf[0] = -1;
        texts.add(pieces[BOS]);
        for (int p = 1; p < n; p++) {
            Piece piece = merged.get(p - 1);
            out[p] = piece.id();
            texts.add(pieces[piece.id()]);
            int w = wordOfByte[Math.min(piece.end(), utf8.length)];
            for (int b = Math.max(piece.start(), 0); b < piece.end(); b++) {
                if (utf8[b] != ' ' && utf8[b] != '\n' && utf8[b] != '\t' && utf8[b] != '\r') {
                    w = wordOfByte[b];
                    break;
                }
            }
            wordOf[p] = Math.min(w, Math.max(words.size() - 1, 0));
        }
        return new Encoding(out, texts, wordOf, new int[n]);
    }

    // The dummy prefix, one token per code point (or per byte), then merges by best score.
    private List<Piece> bpe(String text) {
        List<Piece> tokens = new ArrayList<>();
        if (text.isEmpty()) {
            return tokens;
        }
        Integer space = ids.get(" ");
        if (space == null) {
            throw new ModelFormatException("this llama2.c tokenizer has no piece for a single space, "
                    + "so it cannot add sentencepiece's dummy prefix; it is not a llama2.c tokenizer");
        }
        tokens.add(new Piece(space, -1, 0));
        int offset = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            byte[] b = ch.getBytes(StandardCharsets.UTF_8);
            Integer id = ids.get(ch);
            if (id != null) {
                tokens.add(new Piece(id, offset, offset + b.length));
            } else {
                for (int k = 0; k < b.length; k++) {
                    tokens.add(new Piece((b[k] & 0xff) + BYTE_BASE, offset + k, offset + k + 1));
                }
            }
            offset += b.length;
            i += Character.charCount(cp);
        }

        while (true) {
            float best = Float.NEGATIVE_INFINITY;
            int bestIndex = -1;
            int bestId = -1;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Integer id = ids.get(pieces[tokens.get(i).id()] + pieces[tokens.get(i + 1).id()]);
                if (id != null && scores[id] > best) {
                    best = scores[id];
                    bestIndex = i;
                    bestId = id;
                }
            }
            if (bestIndex < 0) {
                return tokens;
            }
            Piece left = tokens.get(bestIndex);
            Piece right = tokens.remove(bestIndex + 1);
            tokens.set(bestIndex, new Piece(bestId, left.start(), right.end()));
        }
    }

    @Override
    public String piece(int id) {
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

    /** The score of a piece (its merge priority). */
    public float score(int id) {
        return scores[id];
    }

    /**
     * Joins ids into text as llama2.c prints them: {@code <0xXX>} pieces become raw bytes, the
     * space at the start of a piece that follows the start token is dropped, and the start and
     * end tokens themselves are dropped.
     */
    @Override
    public String decode(int[] tokenIds) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int previous = -1;
        for (int id : tokenIds) {
            if (id != BOS && id != EOS) {
                byte[] b = bytesOf(id);
                int skip = previous == BOS && b.length > 0 && b[0] == ' ' ? 1 : 0;
                out.write(b, skip, b.length - skip);
            }
            previous = id;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // The raw bytes of a piece, with byte tokens <0xXX> turned into their single byte.
    private byte[] bytesOf(int id) {
        String p = pieces[id];
        if (p.length() == 6 && p.startsWith("<0x") && p.endsWith(">")) {
            try {
                return new byte[] {(byte) Integer.parseInt(p.substring(3, 5), 16)};
            } catch (NumberFormatException e) {
                return Arrays.copyOf(bytes[id], bytes[id].length);
            }
        }
        return bytes[id];
    }
}
