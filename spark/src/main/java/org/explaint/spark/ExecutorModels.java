package org.explaint.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.explaint.analysis.heads.RandomInitialisation;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.ModelCatalog;
import org.explaint.runtime.Transformer;

/**
 * Models loaded once per JVM (per executor, or once in local mode) and shared by every task that
 * runs there. Loading a model costs seconds and hundreds of megabytes; a job has many tasks per
 * executor, so each task looks the model up here instead of loading its own. The runtime is
 * thread-safe, so tasks running side by side share one instance.
 */
final class ExecutorModels {
    private static final Map<String, LoadedModel> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, Transformer> RANDOM = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** The model of this built-in name or path, loaded on first use. */
    static LoadedModel model(String name) {
        return MODELS.computeIfAbsent(name, ModelCatalog::load);
    }

    /** The same architecture with the random-control weights of this seed, built on first use. */
    static Transformer randomControl(String name, long seed) {
        return RANDOM.computeIfAbsent(name + "\n" + seed, key -> {
            Transformer real = model(name).transformer();
            return new Transformer(real.config(), RandomInitialisation.weights(real.config(), seed));
        });
    }
}
