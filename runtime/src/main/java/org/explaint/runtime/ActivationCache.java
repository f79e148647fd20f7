package org.explaint.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The activations captured from one sequence in one forward pass, by hook name.
 *
 * <p>Every tensor is an owned copy, so the cache stays valid after the pass. Shapes are those
 * of {@link HookNames}.
 */
public final class ActivationCache {
    private final Map<String, Tensor> values = new LinkedHashMap<>();

    void put(String hook, Tensor value) {
        values.put(hook, value);
    }

    /** The captured value of a hook; fails with the names that were captured when it is missing. */
    public Tensor get(String hook) {
        Tensor t = values.get(hook);
        if (t == null) {
            throw new IllegalArgumentException("hook '" + hook + "' was not captured; captured: "
                    + values.keySet());
        }
        return t;
    }

    /** Whether a hook was captured. */
    public boolean has(String hook) {
        return values.containsKey(hook);
    }

    /** The captured hook names in the order the pass visited them. */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The captured values in the order the pass visited them. */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
