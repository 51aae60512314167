package com.researchpipeline.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Makes a child process die with this JVM, even when the JVM is killed with SIGKILL and runs no shutdown hook:
 * util-linux's {@code setpriv --pdeathsig KILL} sets Linux's parent-death signal before it runs the command.
 * Linux sends that signal when the <em>thread</em> that forked the child ends, so start such children from a
 * thread that lives as long as they should. Where setpriv lacks the option, children run without it.
 */
public final class ParentDeathSignal {

    private static final boolean AVAILABLE = probe();
    /** Children are forked from this thread, which lives as long as the JVM. */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "child-process-launcher");
        thread.setDaemon(true);
        return thread;
    });

    /** True when {@code setpriv --pdeathsig} is available on this machine. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** {@code command} prefixed so that it is killed when this JVM dies, where the system allows it. */
    public static List<String> wrap(List<String> command) {
        if (!AVAILABLE) {
            return command;
        }
        var wrapped = new java.util.ArrayList<String>(List.of("setpriv", "--pdeathsig=KILL"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Starts {@code builder}'s command (already wrapped, by {@link #wrap} or an own {@code setpriv --pdeathsig})
     * from a thread that lives as long as this JVM, so the parent-death signal comes only when the JVM dies.
     */
    public static Process start(ProcessBuilder builder) throws IOException {
        try {
            return LAUNCHER.submit(builder::start).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + builder.command(), e);
        }
    }

    private static boolean probe() {
        try {
            Process help = new ProcessBuilder("setpriv", "--help").redirectErrorStream(true).start();
            String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            help.waitFor(5, TimeUnit.SECONDS);
            return text.contains("--pdeathsig");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ParentDeathSignal() {
    }
}
