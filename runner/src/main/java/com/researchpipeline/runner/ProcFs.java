package com.researchpipeline.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's {@code /proc} says about a process: CPU time used and resident memory. Zero where unknown. */
final class ProcFs {

    /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux the project runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** User plus system CPU seconds the process has used so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Peak resident set (VmHWM) in bytes. */
    static long peakRssBytes(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** Current resident set (VmRSS) in bytes. */
    static long rssBytes(long pid) {
        return statusField(pid, "VmRSS:");
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return 1024 * Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private ProcFs() {
    }
}
