package org.explaint.text.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordNetNormsTest {
    @Test
    void dogIsACanineWithAnimalPartsAndWordNetLacksNonsense() {
        FeatureNorms n = WordNetNorms.open().build(List.of("dog", "cat", "bat_(animal)", "xqzzy"));
        assertEquals(List.of("dog", "cat", "bat_(animal)"), n.concepts());
        int dog = 0;
        assertEquals(1.0, n.value(dog, n.features().indexOf("is_a:carnivore")));
        assertEquals(1.0, n.value(n.concepts().indexOf("cat"), n.features().indexOf("is_a:carnivore")));
        assertTrue(n.features().contains("is_a:mammal"), n.features().toString());
    }

    @Test
    void defaultConceptListIsHundredsOfCommonConcreteNouns() {
        WordNetNorms wn = WordNetNorms.open();
        List<String> concepts = wn.defaultConcepts();
        assertTrue(concepts.size() > 200 && concepts.size() < 3000, "size " + concepts.size());
        assertTrue(concepts.containsAll(List.of("dog", "knife", "car", "apple")), concepts.toString());
        FeatureNorms n = wn.defaultNorms();
        assertTrue(n.featureCount() > 50);
    }
}
