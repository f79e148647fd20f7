package org.explaint.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The one setting that says where explaint finds data files (treebanks, norms, small models)
 * and where it caches extracted models.
 *
 * <p>Resolution order: the system property {@code explaint.data}, then the environment variable
 * {@code EXPLAINT_DATA}, then {@code $XDG_CACHE_HOME/explaint/data} (by default
 * {@code ~/.cache/explaint/data}). The data directory is laid out as the project's
 * {@code shared/data}: {@code ud-english-ewt/}, {@code norms/}, {@code models/}.
 */
public final class DataDirectory {
    private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());

    private DataDirectory() {
    }

    /** The data directory in force; it need not exist. */
    public static Path root() {
        String property = System.getProperty("explaint.data");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("EXPLAINT_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return cacheRoot().resolve("data");
    }

    /** The per-user cache directory ({@code $XDG_CACHE_HOME/explaint} or {@code ~/.cache/explaint}). */
    public static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("explaint");
    }

    /** A file or folder below the data directory, or null (logged) when it is not there. */
    public static Path find(String relative) {
        Path p = root().resolve(relative);
        if (Files.exists(p)) {
            return p;
        }
        LOG.fine(() -> "not in the data directory: " + p);
        return null;
    }

    /** The default treebank, EWT dev, when the data directory has it. */
    public static Path defaultTreebank() {
        return find("ud-english-ewt/en_ewt-ud-dev.conllu");
    }
}
