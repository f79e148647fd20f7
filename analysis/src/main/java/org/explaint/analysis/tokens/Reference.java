package org.explaint.analysis.tokens;

/** What a layer's (mapped) state is compared with to decide whether it still names its token. */
public enum Reference {
    /** The layer-0 state ({@code embed}): token plus position (plus segment), after any norm. */
    EMBED("against_embed"),
    /** The raw token embedding row ({@code embed.token}), without position. */
    TOKEN_EMBEDDING("against_token_embedding");

    private final String key;

    Reference(String key) {
        this.key = key;
    }

    /** The key used in the JSON output. */
    public String key() {
        return key;
    }
}
