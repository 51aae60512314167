package com.researchpipeline.runner;

import com.researchpipeline.infra.ParentDeathSignal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One {@link StageProcess} in its own JVM, on this JVM's class path: started with its own environment,
 * its log in a file, its readiness and peak heap read from its stdout, its CPU time and memory from
 * {@code /proc}.
 */
final class ChildJvm implements AutoCloseable {

    /** Every child still running, so that an interrupted benchmark leaves none behind. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String name;
    private final Process process;
    private final Path log;
    private final long launchedNanos = System.nanoTime();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final CompletableFuture<Long> peakHeap = new CompletableFuture<>();
    private final Pattern perArticle;
    private final java.util.concurrent.atomic.AtomicLong articles = new java.util.concurrent.atomic.AtomicLong();
    private long peakRss;
    private boolean stopped;

    private ChildJvm(String name, Process process, Path log, Pattern perArticle) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.perArticle = perArticle;
        RUNNING.add(process);
        Thread reader = new Thread(this::readStdout, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code StageProcess stages} with {@code -Xmx<heap>} and {@code env} added to this process's
     * environment; its log lines that match {@code perArticle} are counted as articles it processed.
     */
    static ChildJvm start(String name, String stages, String heap, Map<String, String> env, Path logDir,
                          Pattern perArticle) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                StageProcess.class.getName(), stages));
        // the stage JVMs die with the benchmark, even when it is killed with SIGKILL
        ProcessBuilder builder = new ProcessBuilder(ParentDeathSignal.wrap(command));
        builder.environment().putAll(env);
        Path log = logDir.resolve(name + ".log");
        builder.redirectErrorStream(true);
        try {
            return new ChildJvm(name, ParentDeathSignal.start(builder), log, perArticle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Ends every child still running at once (for a shutdown hook). */
    static void killAll() {
        RUNNING.forEach(Process::destroyForcibly);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Seconds from launch to {@code ready}. */
    double awaitReady(Duration timeout) {
        try {
            return (ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS) - launchedNanos) / 1e9;
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed to start; see " + log, e);
        }
    }

    double cpuSeconds() {
        return ProcFs.cpuSeconds(process.pid());
    }

    /** Log lines so far that said an article was processed. */
    long articles() {
        return articles.get();
    }

    /** Stops the stages, waits for the JVM to end; returns its peak heap in bytes (0 if it did not say). */
    long stop() {
        if (stopped) {
            return peakHeap.getNow(0L);
        }
        stopped = true;
        peakRss = ProcFs.peakRssBytes(process.pid());
        try (Writer in = process.outputWriter(StandardCharsets.UTF_8)) {
            in.write("stop\n");
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            RUNNING.remove(process);
            return peakHeap.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            return 0;
        }
    }

    /** Ends it at once, as a crash or {@code kill -9} would. */
    void kill() {
        stopped = true;
        peakRss = ProcFs.peakRssBytes(process.pid());
        process.destroyForcibly();
        RUNNING.remove(process);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Peak resident set in bytes, read before it stopped (or now, while it runs). */
    long peakRssBytes() {
        return stopped ? peakRss : ProcFs.peakRssBytes(process.pid());
    }

    @Override
    public void close() {
        stop();
    }

    private void readStdout() {
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
             Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                copy.write(line);
                copy.write('\n');
                if (perArticle.matcher(line).find()) {
                    articles.incrementAndGet();
                } else if (line.equals("ready")) {
                    ready.complete(System.nanoTime());
                } else if (line.startsWith("peak-heap-bytes ")) {
                    peakHeap.complete(Long.parseLong(line.substring("peak-heap-bytes ".length())));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException(name + " exited with " + exitCode()));
        peakHeap.complete(0L);
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "?";
        } catch (InterruptedException e) {
            return "?";
        }
    }
}
