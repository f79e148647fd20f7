package org.explaint.text.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.explaint.runtime.ExplaintException;
import org.explaint.text.HfTokenizer;
import org.explaint.text.Llama2cTokenizer;
import org.explaint.text.conllu.Treebank;
import org.explaint.text.norms.NormFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The damaged text inputs listed in docs/hardening.md, each with the error a user gets; the
 * lines printed starting {@code HARDENING} are the messages the table quotes.
 */
class TextHardeningTest {
    @TempDir
    Path temp;

    @Test
    void conlluHeadOutsideTheSentence() {
        String text = "1\tdogs\tdog\tNOUN\t_\t_\t0\troot\t_\t_\n2\tbark\tbark\tVERB\t_\t_\t7\tdep\t_\t_\n\n";
        expect("CoNLL-U with head 7 in a 2-word sentence",
                () -> Treebank.parse("bad.conllu", text, false).next(), "points outside the sentence");
    }

    @Test
    void conlluHeadNotANumber() {
        String text = "1\tdogs\tdog\tNOUN\t_\t_\tx\troot\t_\t_\n\n";
        expect("CoNLL-U with head 'x'", () -> Treebank.parse("bad.conllu", text, false).next(),
                "not an integer");
    }

    @Test
    void normsWithNaN() throws IOException {
        Path file = Files.writeString(temp.resolve("mcrae.tsv"), "Concept\tFeature\tProd_Freq\ndog\tbarks\tNaN\n");
        expect("norms with a NaN value", () -> NormFiles.read(file, "mcrae"), "not a finite number");
    }

    @Test
    void tokenizerJsonIdBeyondInt() throws IOException {
        Path file = Files.writeString(temp.resolve("tokenizer.json"),
                "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 4294967297}, \"unk_token\": \"a\"}}");
        expect("tokenizer.json with id 2^32 + 1", () -> HfTokenizer.load(file), "ids must be integers");
    }

    @Test
    void llama2cTokenizerPieceLongerThanTheFile() throws IOException {
        byte[] b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30).putFloat(0f)
                .putInt(1 << 30).array();
        Path file = Files.write(temp.resolve("tok.bin"), b);
        expect("llama2.c tokenizer piece of 2^30 bytes", () -> Llama2cTokenizer.read(file), "claims 1073741824 bytes");
    }

    private static void expect(String kind, Executable load, String fragment) {
        ExplaintException e = assertThrows(ExplaintException.class, load);
        System.err.println("HARDENING|" + kind + "|" + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
