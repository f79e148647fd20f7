package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects claim observations from worker threads; {@link #sorted} returns them by sentence id,
 * so pooled scores do not depend on which thread scored which sentence.
 */
public final class ClaimTally {
    private final List<ClaimObservation> observations = new ArrayList<>();

    /** Adds one sentence's observation (thread-safe). */
    public synchronized void add(ClaimObservation o) {
        observations.add(o);
    }

    /** Adds every observation of another tally. */
    public synchronized void merge(ClaimTally other) {
        observations.addAll(other.sorted());
    }

    /** The observations sorted by sentence id. */
    public synchronized List<ClaimObservation> sorted() {
        List<ClaimObservation> copy = new ArrayList<>(observations);
        copy.sort(Comparator.comparingInt(ClaimObservation::sentenceId));
        return copy;
    }
}
