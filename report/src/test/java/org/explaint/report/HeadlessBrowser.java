package org.explaint.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Drives a headless Chromium over the DevTools protocol to open a page from disk and record what
 * went wrong: console errors, uncaught exceptions, error log entries, JavaScript dialogs (an
 * {@code alert} means injected script ran) and every network request other than the page itself.
 *
 * <p>Chromium runs with a fresh profile, no background networking and port 0 for DevTools; the
 * port is read from the {@code DevToolsActivePort} file Chromium writes into the profile.
 */
final class HeadlessBrowser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What happened while a page loaded. */
    record Outcome(List<String> errors, List<String> requests, List<String> dialogs,
            int textLength, List<String> probes) {

        /** Everything that should fail a report check, empty for a clean page. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            errors.forEach(e -> problems.add("console: " + e));
            requests.forEach(r -> problems.add("request: " + r));
            dialogs.forEach(d -> problems.add("dialog: " + d));
            if (textLength < 200) {
                problems.add("blank page: " + textLength + " characters of text");
            }
            return problems;
        }
    }

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** The Chromium executable: $CHROMIUM, or chromium / chromium-browser on the PATH. */
    static Optional<Path> find() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts Chromium and connects to it. */
    HeadlessBrowser(Path chromium) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("explaint-chromium");
        process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=1280,2000", "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();

        // Chromium writes its DevTools port and browser path once it listens.
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                close();
                throw new IOException("Chromium did not open DevTools; its log: "
                        + profile.resolve("chromium.log"));
            }
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(portFile);
        URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new Listener()).join();
    }

    /**
     * Opens {@code page} in a new tab, waits for it to load, and reports what happened.
     *
     * @param page the HTML file
     * @param screenshot where to write a 1280 × 2000 PNG, or null
     * @param probes JavaScript expressions evaluated after loading; their values as text
     */
    Outcome open(Path page, Path screenshot, List<String> probes) throws Exception {
        events.clear();
        String target = call("Target.createTarget", object().put("url", "about:blank"), null)
                .path("targetId").asText();
        String session = call("Target.attachToTarget", object().put("targetId", target)
                .put("flatten", true), null).path("sessionId").asText();
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
            call(domain + ".enable", object(), session);
        }
        call("Emulation.setDeviceMetricsOverride", object().put("width", 1280).put("height", 2000)
                .put("deviceScaleFactor", 1).put("mobile", false), session);

        // Load, then give late scripts a moment to fail.
        String url = page.toUri().toString();
        call("Page.navigate", object().put("url", url), session);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.stream().noneMatch(e -> e.path("method").asText()
                .equals("Page.loadEventFired"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the page did not finish loading: " + url);
            }
            Thread.sleep(20);
        }
        Thread.sleep(300);
        int textLength = call("Runtime.evaluate", object().put("expression",
                "document.body ? document.body.innerText.trim().length : 0")
                .put("returnByValue", true), session).path("result").path("value").asInt();
        if (screenshot != null) {
            String png = call("Page.captureScreenshot", object().put("format", "png"), session)
                    .path("data").asText();
            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            Files.write(screenshot, Base64.getDecoder().decode(png));
        }
        List<String> values = new ArrayList<>();
        for (String probe : probes) {
            JsonNode value = call("Runtime.evaluate", object().put("expression", probe)
                    .put("returnByValue", true), session).path("result").path("value");
            values.add(value.isTextual() ? value.asText() : value.toString());
        }
        Outcome outcome = outcome(url, textLength, values);
        call("Target.closeTarget", object().put("targetId", target), null);
        return outcome;
    }

    private Outcome outcome(String pageUrl, int textLength, List<String> values) {
        List<String> errors = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        List<String> dialogs = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode p = event.path("params");
            switch (event.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    String type = p.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        errors.add(type + " " + p.path("args").toString());
                    }
                }
                case "Runtime.exceptionThrown" -> errors.add("exception "
                        + p.path("exceptionDetails").path("exception").path("description")
                        .asText(p.path("exceptionDetails").path("text").asText()));
                case "Log.entryAdded" -> {
                    if (p.path("entry").path("level").asText().equals("error")) {
                        errors.add("log " + p.path("entry").path("text").asText());
                    }
                }
                case "Network.requestWillBeSent" -> {
                    String url = p.path("request").path("url").asText();
                    if (!url.equals(pageUrl) && !url.startsWith("data:")) {
                        requests.add(url);
                    }
                }
                case "Page.javascriptDialogOpening" -> dialogs.add(p.path("message").asText());
                default -> {
                }
            }
        }
        return new Outcome(errors, requests, dialogs, textLength, values);
    }

    private JsonNode call(String method, ObjectNode params, String session) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = object().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).join();
        JsonNode answer = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IOException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Stops Chromium and deletes its profile. */
    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Collects replies and events; answers dialogs so a page cannot block. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = pending.remove(message.get("id")
                                .asInt());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    } else {
                        events.add(message);
                        if (message.path("method").asText()
                                .equals("Page.javascriptDialogOpening")) {
                            ObjectNode dismiss = object().put("id", ids.incrementAndGet())
                                    .put("method", "Page.handleJavaScriptDialog")
                                    .put("sessionId", message.path("sessionId").asText());
                            dismiss.putObject("params").put("accept", false);
                            webSocket.sendText(dismiss.toString(), true);
                        }
                    }
                } catch (IOException e) {
                    events.add(object().put("method", "unreadable").put("text", e.getMessage()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
