package org.explaint.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a forward pass should capture and which activations it should edit.
 *
 * <p>A pass asks {@link #isActive} before it materialises an optional activation (per-head
 * results, logits), so a corpus run that captures two hook points pays for two. Captured values
 * land in one {@link ActivationCache} per sequence of the batch. Interventions run before the
 * capture of the same hook, so the cache shows what the model actually used.
 *
 * <p>A {@code Hooks} object is used by one pass at a time; make a new one per pass (they are cheap).
 */
public final class Hooks {
    private final Predicate<String> capture;
    private final Map<String, List<Intervention>> interventions = new LinkedHashMap<>();
    private final List<ActivationCache> caches = new ArrayList<>();

    private Hooks(Predicate<String> capture) {
        this.capture = capture;
    }

    /** Captures nothing, edits nothing. */
    public static Hooks none() {
        return new Hooks(name -> false);
    }

    /** Captures every hook point. */
    public static Hooks captureAll() {
        return new Hooks(name -> true);
    }

    /** Captures the hook points whose names pass the filter. */
    public static Hooks capture(Predicate<String> filter) {
        return new Hooks(filter);
    }

    /** Captures exactly the named hook points. */
    public static Hooks capture(java.util.Collection<String> names) {
        java.util.Set<String> set = java.util.Set.copyOf(names);
        return new Hooks(set::contains);
    }

    /** Captures hook points whose names match a regular expression, e.g. {@code blocks\.\d+\.attn\.pattern}. */
    public static Hooks captureMatching(String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        return new Hooks(name -> p.matcher(name).matches());
    }

    /** Adds an intervention at a hook point; several at one point run in the order added. */
    public Hooks intervene(String hook, Intervention intervention) {
        interventions.computeIfAbsent(hook, k -> new ArrayList<>()).add(intervention);
        return this;
    }

    /** Whether a pass must materialise this hook point (captured or edited). */
    public boolean isActive(String hook) {
        return interventions.containsKey(hook) || capture.test(hook);
    }

    /** Whether this hook point is captured. */
    public boolean captures(String hook) {
        return capture.test(hook);
    }

    /**
     * Runs the interventions at a hook point and captures the result; called by the runtime.
     *
     * @param hook     hook point name
     * @param sequence index of the sequence in the batch
     * @param value    the runtime's working tensor, edited in place by interventions
     */
    public void visit(String hook, int sequence, Tensor value) {
        List<Intervention> edits = interventions.get(hook);
        if (edits != null) {
            for (Intervention edit : edits) {
                edit.edit(hook, sequence, value);
            }
        }
        if (capture.test(hook)) {
            cache(sequence).put(hook, value.copy());
        }
    }

    /** The cache of one sequence of the last pass (empty when nothing was captured for it). */
    public ActivationCache cache(int sequence) {
        while (caches.size() <= sequence) {
            caches.add(new ActivationCache());
        }
        return caches.get(sequence);
    }
}
