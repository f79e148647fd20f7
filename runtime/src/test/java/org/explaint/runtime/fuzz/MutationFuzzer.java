package org.explaint.runtime.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.explaint.runtime.ExplaintException;

/**
 * A small seeded mutation fuzzer that runs under plain JUnit.
 *
 * <p>Why it exists beside Jazzer's coverage-guided engine: it is repeatable (one seed gives the
 * same inputs on every machine), runs inside every {@code mvn test}, and aims at what a
 * coverage-guided fuzzer reaches only by chance in binary formats. It starts from small valid
 * files (the same seed folders Jazzer's regression mode runs) and damages them the way real
 * files get damaged or forged: flipped bits, truncation, deleted and repeated ranges, length
 * and count fields inflated to huge or negative values, splices of two seeds, and for text
 * formats stray delimiters and odd numbers.
 *
 * <p>The contract checked is the project's: a parser may fail only with {@link ExplaintException}
 * (or its subclass {@code ModelFormatException}) or run out of memory; anything else, or an
 * input that takes longer than {@link #HANG_SECONDS}, is a finding. The input is saved under
 * {@code target/fuzz-findings/<target>/} and the test fails naming it; copy it into the seed
 * folder so it becomes a regression test once fixed.
 *
 * <p>Runs are reproducible: the random seed is fixed (override with {@code EXPLAINT_FUZZ_SEED}).
 * By default each target runs {@link #DEFAULT_RUNS} mutations, a second or so, as part of
 * {@code mvn test}; {@code EXPLAINT_FUZZ_SECONDS=N} runs each target for N seconds instead.
 */
public final class MutationFuzzer {
    /** Mutations per target in an ordinary test run. */
    public static final int DEFAULT_RUNS = 300;
    /** An input running longer than this counts as a hang. */
    public static final int HANG_SECONDS = 20;

    // Values that break size and count fields: zero, -1, sign boundaries and powers beyond any file.
    private static final long[] INTERESTING = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFFFFFFL, 1L << 31, 1L << 32, 1L << 40, 1L << 60,
        Long.MAX_VALUE, Long.MIN_VALUE};
    private static final String[] TEXT_TOKENS = {"\t", ",", "\n", "\n\n", "\"", "-", ".", "0",
        "-1", "NaN", "Infinity", "1e309", "99999999999", "_", "#", "{", "}", "[", "]", ":", "null",
        "\uFEFF", "\u00e9", "\\u0000"};

    /** The code under test: parse one input; throwing anything but the documented errors is a bug. */
    @FunctionalInterface
    public interface Target {
        /** Runs the parser on one input. */
        void run(byte[] input) throws Exception;
    }

    private MutationFuzzer() {
    }

    /**
     * Runs every seed, then mutated seeds, through {@code target}.
     *
     * @param name  the target's name, for messages and the findings folder
     * @param seeds the seed folder (its regular files, in name order)
     * @throws AssertionError naming the saved input on the first finding
     */
    public static void fuzz(String name, Path seeds, Target target) {
        List<byte[]> corpus = readSeeds(seeds);
        if (corpus.isEmpty()) {
            throw new AssertionError("no seeds for fuzz target " + name + " in " + seeds);
        }
        long seed = Long.parseLong(env("EXPLAINT_FUZZ_SEED", "20260601"));
        int seconds = Integer.parseInt(env("EXPLAINT_FUZZ_SECONDS", "0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Random random = new Random(seed ^ name.hashCode());
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        // Parsers log what they skip or impute; a hundred thousand inputs would drown the report.
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level level = root.getLevel();
        root.setLevel(java.util.logging.Level.WARNING);
        try {
            for (byte[] input : corpus) {
                check(name, target, input, worker);
            }
            long runs = 0;
            while (seconds > 0 ? System.nanoTime() < deadline : runs < DEFAULT_RUNS) {
                byte[] input = mutate(corpus, random);
                check(name, target, input, worker);
                runs++;
            }
            System.err.println("fuzz target " + name + ": " + corpus.size() + " seeds, " + runs
                    + " mutated inputs, no finding");
        } finally {
            worker.shutdownNow();
            root.setLevel(level);
        }
    }

    /** The seed folder of a Jazzer fuzz test method, as copied to the test classpath. */
    public static Path seedFolder(Class<?> fuzzTest, String method) {
        String relative = fuzzTest.getSimpleName() + "Inputs/" + method;
        URL url = fuzzTest.getResource(relative);
        if (url == null) {
            throw new AssertionError("no seed folder " + relative + " beside " + fuzzTest.getName());
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Applies one to four random mutations to a seed (sometimes spliced with another). */
    static byte[] mutate(List<byte[]> corpus, Random random) {
        byte[] b = corpus.get(random.nextInt(corpus.size())).clone();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            b = mutateOnce(b, corpus, random);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, List<byte[]> corpus, Random random) {
        int n = b.length;
        switch (random.nextInt(9)) {
            case 0 -> {   // flip one bit
                if (n > 0) {
                    b[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case 1 -> {   // truncate
                return Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n));
            }
            case 2 -> {   // write a 1, 2, 4 or 8-byte size field (little- or big-endian)
                int width = 1 << random.nextInt(4);
                if (n < width) {
                    return b;
                }
                long v = INTERESTING[random.nextInt(INTERESTING.length)];
                int at = random.nextInt(n - width + 1);
                boolean little = random.nextBoolean();
                for (int k = 0; k < width; k++) {
                    int shift = 8 * (little ? k : width - 1 - k);
                    b[at + k] = (byte) (v >>> shift);
                }
                return b;
            }
            case 3 -> {   // delete a range
                if (n < 2) {
                    return b;
                }
                int from = random.nextInt(n);
                int to = Math.min(n, from + 1 + random.nextInt(Math.min(64, n)));
                byte[] out = new byte[n - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, n - to);
                return out;
            }
            case 4 -> {   // repeat a range
                if (n == 0 || n > 1 << 20) {
                    return b;
                }
                int from = random.nextInt(n);
                int len = Math.min(n - from, 1 + random.nextInt(64));
                return insert(b, random.nextInt(n + 1), Arrays.copyOfRange(b, from, from + len));
            }
            case 5 -> {   // splice: the head of this input, the tail of another
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int cut = n == 0 ? 0 : random.nextInt(n);
                int otherCut = other.length == 0 ? 0 : random.nextInt(other.length);
                byte[] out = Arrays.copyOf(b, cut + other.length - otherCut);
                System.arraycopy(other, otherCut, out, cut, other.length - otherCut);
                return out;
            }
            case 6 -> {   // insert a token that text parsers treat specially
                byte[] token = TEXT_TOKENS[random.nextInt(TEXT_TOKENS.length)]
                        .getBytes(StandardCharsets.UTF_8);
                return insert(b, n == 0 ? 0 : random.nextInt(n + 1), token);
            }
            case 7 -> {   // replace a digit run by an odd number
                int at = n == 0 ? -1 : random.nextInt(n);
                while (at >= 0 && at < n && !Character.isDigit(b[at])) {
                    at++;
                }
                if (at < 0 || at >= n) {
                    return b;
                }
                int end = at;
                while (end < n && Character.isDigit(b[end])) {
                    end++;
                }
                String number = switch (random.nextInt(5)) {
                    case 0 -> "-1";
                    case 1 -> "0";
                    case 2 -> "2147483648";
                    case 3 -> "1099511627776";
                    default -> String.valueOf(random.nextInt(1000));
                };
                byte[] digits = number.getBytes(StandardCharsets.US_ASCII);
                byte[] out = new byte[n - (end - at) + digits.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(digits, 0, out, at, digits.length);
                System.arraycopy(b, end, out, at + digits.length, n - end);
                return out;
            }
            default -> {   // set a random byte
                if (n > 0) {
                    b[random.nextInt(n)] = (byte) random.nextInt(256);
                }
                return b;
            }
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] piece) {
        byte[] out = new byte[b.length + piece.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(b, at, out, at + piece.length, b.length - at);
        return out;
    }

    // Runs one input on the worker thread; anything but the documented errors is saved and fails.
    private static void check(String name, Target target, byte[] input, ExecutorService worker) {
        Future<?> run = worker.submit(() -> {
            target.run(input);
            return null;
        });
        try {
            run.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ExplaintException || cause instanceof OutOfMemoryError) {
                return;
            }
            throw new AssertionError("fuzz target " + name + " threw " + cause + " for the input saved "
                    + "as " + save(name, input), cause);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("fuzz target " + name + " ran over " + HANG_SECONDS + " s on the "
                    + "input saved as " + save(name, input));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path save(String name, byte[] input) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(input));
            Path dir = Files.createDirectories(Path.of("target", "fuzz-findings", name));
            return Files.write(dir.resolve("crash-" + hash), input).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static List<byte[]> readSeeds(Path folder) {
        try (var files = Files.list(folder)) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
