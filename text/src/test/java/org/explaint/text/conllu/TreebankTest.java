package org.explaint.text.conllu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

class TreebankTest {
    private static final String GOOD = """
            # sent_id = s1
            # text = Don't go.
            1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_
            1\tDo\tdo\tAUX\t_\t_\t3\taux\t_\t_
            2\tn't\tnot\tPART\t_\t_\t3\tadvmod\t_\t_
            3\tgo\tgo\tVERB\t_\t_\t0\troot\t_\t_
            3.1\tgone\tgo\tVERB\t_\t_\t_\t_\t_\t_
            4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_

            # sent_id = s2
            1\tMy\tmy\tPRON\t_\t_\t2\tnmod:poss\t_\t_
            2\tdog\tdog\tNOUN\t_\t_\t0\troot\t_\t_
            """;

    private static List<Sentence> read(String text, boolean lenient) {
        List<Sentence> out = new ArrayList<>();
        try (Treebank t = Treebank.parse("mem.conllu", text, lenient)) {
            t.forEachRemaining(out::add);
        }
        return out;
    }

    private static String failure(String text) {
        return assertThrows(ExplaintException.class, () -> read(text, false)).getMessage();
    }

    @Test
    void readsWordsSkippingRangesAndEmptyNodes() {
        List<Sentence> s = read(GOOD, false);
        assertEquals(2, s.size());
        Sentence first = s.get(0);
        assertEquals("s1", first.id());
        assertEquals("Don't go.", first.text());
        assertEquals(List.of("Do", "n't", "go", "."), first.forms());
        assertEquals(3, first.word(1).head());
        assertEquals(4, first.word(1).line());
        assertEquals(8, first.word(4).line());
        assertTrue(first.word(3).isRoot());
        Word my = s.get(1).word(1);
        assertEquals("nmod:poss", my.deprel());
        assertEquals("nmod", my.relation());
        assertEquals("PRON", my.upos());
        assertEquals("my", my.lemma());
        assertEquals("My dog", s.get(1).text());
        assertEquals(10, s.get(1).line());
    }

    @Test
    void wrongColumnCountNamesFileAndLine() {
        String m = failure("1\tA\ta\tX\t_\t_\t0\troot\t_\n");
        assertTrue(m.contains("mem.conllu") && m.contains("line 1") && m.contains("columns"), m);
    }

    @Test
    void nonIntegerIdFails() {
        String m = failure("# c\nx\tA\ta\tX\t_\t_\t0\troot\t_\t_\n");
        assertTrue(m.contains("line 2") && m.contains("'x'"), m);
    }

    @Test
    void headOutsideTheSentenceFails() {
        String m = failure("1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n2\tB\tb\tX\t_\t_\t7\tdep\t_\t_\n");
        assertTrue(m.contains("line 2") && m.contains("outside"), m);
    }

    @Test
    void cycleFails() {
        String m = failure("1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n2\tB\tb\tX\t_\t_\t3\tdep\t_\t_\n"
                + "3\tC\tc\tX\t_\t_\t2\tdep\t_\t_\n");
        assertTrue(m.contains("line 2") && m.contains("cycle"), m);
    }

    @Test
    void missingRootFails() {
        String m = failure("\n\n1\tA\ta\tX\t_\t_\t2\tdep\t_\t_\n2\tB\tb\tX\t_\t_\t1\tdep\t_\t_\n");
        assertTrue(m.contains("line 3") && m.contains("no root"), m);
    }

    @Test
    void lenientModeSkipsAndCountsBadSentences() {
        String bad = "1\tA\ta\tX\t_\t_\t5\troot\t_\t_\n\n";
        try (Treebank t = Treebank.parse("mem.conllu", bad + GOOD + "\n" + bad, true)) {
            List<Sentence> out = new ArrayList<>();
            t.forEachRemaining(out::add);
            assertEquals(2, out.size());
            assertEquals(2, t.skipped());
            assertTrue(t.problems().get(1).contains("line 16"), t.problems().toString());
        }
    }

    @Test
    void blocksParsedOneByOneGiveTheSentencesAndLinesOfAWholeRead() {
        String bad = "1\tA\ta\tX\t_\t_\t5\troot\t_\t_\n\n";
        List<Treebank.Block> blocks = Treebank.readBlocks("mem.conllu", new java.io.StringReader(GOOD + "\n" + bad));
        assertEquals(3, blocks.size());
        assertEquals(List.of(1, 10, 14), blocks.stream().map(Treebank.Block::firstLine).toList());
        assertEquals(read(GOOD, false), List.of(Treebank.parseBlock("mem.conllu", blocks.get(0)),
                Treebank.parseBlock("mem.conllu", blocks.get(1))));
        String m = assertThrows(ExplaintException.class,
                () -> Treebank.parseBlock("mem.conllu", blocks.get(2))).getMessage();
        assertTrue(m.contains("mem.conllu") && m.contains("line 14"), m);
    }

    @Test
    void ewtDevMatchesProvenanceCounts() {
        Path dev = TestData.ewtDev();
        int sentences = 0;
        int words = 0;
        try (Treebank t = Treebank.open(dev, false)) {
            while (t.hasNext()) {
                sentences++;
                words += t.next().size();
            }
            assertEquals(0, t.skipped());
        }
        assertEquals(2001, sentences);
        assertEquals(25147, words);
    }
}
