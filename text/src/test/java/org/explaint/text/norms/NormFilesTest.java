package org.explaint.text.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormFilesTest {
    @TempDir
    Path dir;

    @Test
    void mcRaeHas541ConceptsAnd2526FeaturesWithProductionFrequencies() {
        FeatureNorms n = NormFiles.readMcRae(
                TestData.require("norms/mcrae/CONCS_FEATS_concstats_brm.txt"));
        assertEquals(541, n.conceptCount());
        assertEquals(2526, n.featureCount());
        int accordion = n.concepts().indexOf("accordion");
        int instrument = n.features().indexOf("a_musical_instrument");
        assertEquals(28.0, n.value(accordion, instrument));
        long cells = 0;
        for (double[] row : n.toArray()) {
            for (double v : row) {
                cells += v > 0 ? 1 : 0;
            }
        }
        // 7259 rows, two of which repeat a (concept, feature) pair and are summed
        assertEquals(7257, cells);
        assertEquals(21.0, n.value(n.concepts().indexOf("pen"), n.features().indexOf("used_for_writing")));
        assertEquals("bat", n.surfaceWord(n.concepts().indexOf("bat_(baseball)")));
        assertTrue(n.duplicateSurfaceWords().containsAll(List.of("bat_(animal)", "bat_(baseball)")));
    }

    @Test
    void buchananSubsetSumsLemmaCounts() {
        FeatureNorms n = NormFiles.readBuchanan(
                TestData.require("norms/buchanan-flt-subset/bag.nostop.lemmas.csv"));
        int c = n.concepts().indexOf("abstract");
        assertTrue(c >= 0);
        assertEquals(1.0, n.value(c, n.features().indexOf("abnormal")));
    }

    @Test
    void brysbaertSkipsBigramsUnlessAsked() {
        Path p = TestData.require(
                "norms/brysbaert-concreteness/Concreteness_ratings_Brysbaert_et_al_BRM.txt");
        FeatureNorms words = NormFiles.readBrysbaert(p, false);
        FeatureNorms all = NormFiles.readBrysbaert(p, true);
        assertEquals(List.of("Conc.M"), words.features());
        assertTrue(all.conceptCount() > words.conceptCount());
        assertEquals(4.85, words.value(words.concepts().indexOf("roadsweeper"), 0));
    }

    @Test
    void binderMissingCellsFollowTheStatedPolicy() throws IOException {
        Path p = dir.resolve("binder.csv");
        Files.writeString(p, "Word,Type,Vision,Bright,Taste\r\n"
                + "apple,noun,5.0,2.0,na\r\nsun,noun,6.0,6.0,1.0\r\nidea,noun,1.0,na,3.0\r\n");
        FeatureNorms impute = WideNormFile.read(p, WideNormFile.MissingPolicy.IMPUTE_COLUMN_MEAN);
        assertEquals(List.of("Vision", "Bright", "Taste"), impute.features());
        assertEquals(2.0, impute.value(0, 2), 1e-12);
        assertEquals(4.0, impute.value(2, 1), 1e-12);
        FeatureNorms drop = WideNormFile.read(p, WideNormFile.MissingPolicy.DROP_ATTRIBUTE);
        assertEquals(List.of("Vision"), drop.features());
        assertEquals(List.of("apple", "sun", "idea"), drop.concepts());
    }

    @Test
    void genericLongTableIsRecognisedAndSummed() throws IOException {
        Path p = dir.resolve("long.csv");
        Files.writeString(p, "word,feature,value\ndog,barks,3\ndog,\"has, fur\",2\ncat,barks,0\n"
                + "dog,barks,1\n");
        FeatureNorms n = NormFiles.read(p, "csv");
        assertEquals(List.of("dog", "cat"), n.concepts());
        assertEquals(List.of("barks", "has, fur"), n.features());
        assertEquals(4.0, n.value(0, 0));
    }

    @Test
    void parseErrorNamesFileAndLine() throws IOException {
        Path p = dir.resolve("bad.tsv");
        Files.writeString(p, "Concept\tFeature\tProd_Freq\nbird\tflies\t20\nbird\tsings\tmany\n");
        ExplaintException e = assertThrows(ExplaintException.class, () -> NormFiles.readMcRae(p));
        assertTrue(e.getMessage().contains("bad.tsv line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("many"), e.getMessage());
    }
}
