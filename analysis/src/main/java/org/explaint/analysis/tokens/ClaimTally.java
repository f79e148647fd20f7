package org.explaint.analysis.tokens;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.explaint.runtime.ExplaintException;

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

    /**
     * The observations as JSON text, sorted by sentence id: the form in which a Spark task
     * returns its part to the driver (a task's result, so a retried task counts once).
     */
    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(sorted());
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a claim tally: " + e.getMessage(), e);
        }
    }

    /** Reads a tally written by {@link #toJson}. */
    public static ClaimTally fromJson(String json) {
        List<ClaimObservation> read;
        try {
            read = new ObjectMapper().readValue(json, new TypeReference<List<ClaimObservation>>() { });
        } catch (IOException e) {
            throw new ExplaintException("cannot read a claim tally from JSON (" + e.getMessage()
                    + "); it was not written by ClaimTally.toJson or is damaged", e);
        }
        ClaimTally tally = new ClaimTally();
        read.forEach(tally::add);
        return tally;
    }
}
