package org.explaint.analysis.tokens;

/** The maps from a layer's states to the input space tried by the identifiability test. */
public enum MapKind {
    /** No map: the state itself is compared with the reference. */
    IDENTITY("identity"),
    /** A ridge least-squares linear map with bias, fitted on training sentences. */
    LINEAR("linear"),
    /** A one-hidden-layer tanh MLP, fitted on training sentences. */
    MLP("mlp");

    private final String key;

    MapKind(String key) {
        this.key = key;
    }

    /** The key used in the JSON output. */
    public String key() {
        return key;
    }
}
