package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

    @TempDir
    Path data;

    @Test
    void aSecondRunOnTheFolderIsToldWhichRunHoldsItUntilThatRunIsKilled() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");

            assertThatThrownBy(() -> DataFolderLock.acquire(data, Path.of("/elsewhere")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the data folder " + data + " is in use by another bin/pipeline run (pid "
                            + holder.pid() + ", started ")
                    .hasMessageContaining("inbox /the/first/inbox")
                    .hasMessageContaining("--data DIR");

            holder.destroyForcibly(); // SIGKILL: the run's lock goes with its process
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try (DataFolderLock lock = DataFolderLock.acquire(data, Path.of("/the/second/inbox"))) {
                assertThat(data.resolve(DataFolderLock.FILE)).content()
                        .startsWith("pid " + ProcessHandle.current().pid() + ", started ")
                        .contains("inbox /the/second/inbox");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void theFolderIsFreeOnceItsRunStopsAndHeldAgainstItselfUntilThen() throws Exception {
        Path nested = data.resolve("not/yet/made");
        try (DataFolderLock first = DataFolderLock.acquire(nested, Path.of("/inbox"))) {
            assertThatThrownBy(() -> DataFolderLock.acquire(nested, Path.of("/inbox")))
                    .hasMessageContaining("in use by another bin/pipeline run (pid " + ProcessHandle.current().pid());
        }
        DataFolderLock.acquire(nested, Path.of("/inbox")).close();
    }

    @Test
    void aFolderThatCannotBeMadeSaysSo() throws Exception {
        Path file = java.nio.file.Files.writeString(data.resolve("a-file"), "x");
        assertThatThrownBy(() -> DataFolderLock.acquire(file.resolve("data"), Path.of("/inbox")))
                .hasMessageContaining("could not lock the data folder " + file.resolve("data"))
                .hasMessageContaining("check that it can be written");
    }

    /** A run holding the folder: takes the lock, says so, and waits to be killed. */
    static final class Holder {
        public static void main(String[] args) throws Exception {
            DataFolderLock lock = DataFolderLock.acquire(Path.of(args[0]), Path.of("/the/first/inbox"));
            System.out.println("held");
            System.out.flush();
            Thread.sleep(60_000);
            lock.close();
        }
    }
}
