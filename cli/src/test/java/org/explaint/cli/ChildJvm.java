package org.explaint.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the command line in a JVM of its own, with the test's classpath and data folder. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code explaint ARGS} in a new JVM, its output going to {@code log}. */
    static Process start(List<String> args, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED"));
        String data = System.getProperty("explaint.data");
        if (data != null) {
            command.add("-Dexplaint.data=" + data);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
