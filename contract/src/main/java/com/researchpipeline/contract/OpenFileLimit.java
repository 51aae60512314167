package com.researchpipeline.contract;

import java.lang.management.ManagementFactory;

/**
 * The most files a process may hold open at once (ulimit -n; the JVM raises its soft limit to the hard one by
 * itself). Below what a process of the pipeline holds, a class, a connection or an inbox listing fails at a random
 * point: ingest started, said it was ready and never took a file, or died on a class it could not load.
 */
public final class OpenFileLimit {

    /**
     * Open files a process of the pipeline needs: measured 154 for ingest alone after a few files and 319 for
     * {@code bin/pipeline run} idle (about 120 jars, connections, inotify), with room for files in flight and bursts.
     */
    static final long MINIMUM = 1024;

    /** Throws, saying what to raise, when {@code process} may open fewer files than {@link #MINIMUM}. */
    public static void require(String process) {
        String problem = problemOf(maxOpenFiles(), process);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    static String problemOf(long maxOpenFiles, String process) {
        if (maxOpenFiles < 0 || maxOpenFiles >= MINIMUM) {
            return null;
        }
        return process + " may open only " + maxOpenFiles + " files at once, fewer than the " + MINIMUM + " it needs "
                + "(with fewer, loading a class, a connection or listing the inbox fails at random): raise the hard "
                + "limit of open files (ulimit -Hn, LimitNOFILE of a systemd unit, a container's nofile ulimit)";
    }

    /** The limit, or -1 where the platform does not say. */
    static long maxOpenFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    private OpenFileLimit() {
    }
}
