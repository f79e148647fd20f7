package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.formats.tf.TfBertModel;
import org.explaint.formats.tf.TfBertReader;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Transformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** fill-mask on BERT-base uncased ranks the expected words first and refuses headless models. */
class FillMaskCommandTest {
    private static LoadedModel bert;
    private static TfBertModel checkpoint;

    @BeforeAll
    static void loadOnce() {
        checkpoint = TfBertReader.loadBuiltIn();
        bert = checkpoint.toLoadedModel(TfBertReader.BUILT_IN_NAME);
    }

    @AfterAll
    static void releaseTheWeights() {
        bert = null;
        checkpoint = null;
    }

    @Test
    void capitalOfFranceRanksParisFirst() {
        List<MaskFiller.Prediction> predictions =
                MaskFiller.predict(bert, "the capital of france is [MASK] .", 5);

        assertEquals(1, predictions.size());
        assertEquals(6, predictions.getFirst().position());
        MaskFiller.Candidate first = predictions.getFirst().candidates().getFirst();
        assertEquals("paris", first.piece());
        // transformers' BertForMaskedLM on the same weights gives 0.415123 (reference fixture).
        assertEquals(0.415123, first.probability(), 1e-4);
    }

    @Test
    void everyMaskGetsItsOwnCandidatesInFallingOrder() {
        List<MaskFiller.Prediction> predictions =
                MaskFiller.predict(bert, "The man went to the [MASK] to buy [MASK] .", 3);

        assertEquals(2, predictions.size());
        assertEquals("store", predictions.get(0).candidates().getFirst().piece());
        for (MaskFiller.Prediction p : predictions) {
            assertEquals(3, p.candidates().size());
            for (int i = 1; i < 3; i++) {
                double before = p.candidates().get(i - 1).probability();
                assertTrue(before >= p.candidates().get(i).probability());
            }
        }
    }

    @Test
    void commandPrintsRankedTokensWithProbabilities() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new FillMaskCommand(name -> bert));
        cli.setOut(new PrintWriter(out));

        int code = cli.execute("--text", "the capital of france is [MASK] .", "--top", "2");

        assertEquals(0, code);
        String[] lines = out.toString().split("\n");
        assertEquals(3, lines.length, out.toString());
        assertEquals("[MASK] at position 6:", lines[0]);
        assertTrue(lines[1].matches("\\s+1\\s+paris\\s+0\\.\\d{4}"), lines[1]);
    }

    @Test
    void textWithoutMaskIsAUserError() {
        ExplaintException e = assertThrows(ExplaintException.class,
                () -> MaskFiller.predict(bert, "the capital of france is paris .", 5));
        assertTrue(e.getMessage().contains("[MASK]"), e.getMessage());
    }

    @Test
    void miniLmSentenceEncoderIsRefusedWithAClearMessage() {
        int code = Main.run("fill-mask", "--model", "minilm", "--text", "[MASK]");
        assertEquals(Main.USER_ERROR, code);

        ExplaintException e = assertThrows(ExplaintException.class,
                () -> MaskFiller.predict(ModelCatalog.load("minilm"), "paris is [MASK] .", 5));
        assertTrue(e.getMessage().contains("no masked-LM head"), e.getMessage());
    }

    @Test
    void modelWithoutMaskedLmHeadIsAUserError() {
        ModelWeights encoderOnly = new ModelWeights();
        for (String name : checkpoint.weights().names()) {
            if (!name.startsWith("unembed.") && !name.startsWith("mlm.")) {
                encoderOnly.put(name, checkpoint.weights().find(name));
            }
        }
        Transformer encoder = new Transformer(checkpoint.config(), encoderOnly);
        LoadedModel headless = new LoadedModel("headless", encoder, bert.tokenizer(),
                checkpoint.source(), "tf");

        ExplaintException e = assertThrows(ExplaintException.class,
                () -> MaskFiller.predict(headless, "the capital of france is [MASK] .", 5));
        assertTrue(e.getMessage().contains("no masked-LM head"), e.getMessage());
    }
}
