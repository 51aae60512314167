package com.researchpipeline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command the way the containers would, and keeps what it printed. */
final class Processes {

    record Result(int exitCode, String output) {
    }

    static Result run(Path dir, Map<String, String> env, List<String> command, long timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[][] output = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    output[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    output[0] = new byte[0];
                }
            });
            reader.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
            }
            reader.join();
            return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean isRoot() {
        return run(Path.of("."), Map.of(), List.of("id", "-u"), 10).output().strip().equals("0");
    }

    private Processes() {
    }
}
