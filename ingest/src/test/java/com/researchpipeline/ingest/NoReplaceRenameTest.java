package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoReplaceRenameTest {

    @TempDir
    Path dir;

    @Test
    void usesTheKernelsNoReplaceRenameOnLinux() {
        assertThat(NoReplaceRename.nativeCallAvailable()).isEqualTo(System.getProperty("os.name").contains("Linux"));
    }

    @Test
    void renamesAndRefusesAnExistingTargetLeavingBothAsTheyWere() throws Exception {
        Path first = Files.writeString(dir.resolve("first.txt"), "first");
        Path second = Files.writeString(dir.resolve("second.txt"), "second");
        Path target = dir.resolve("archived.txt");
        NoReplaceRename.move(first, target);
        assertThat(target).hasContent("first");
        assertThat(first).doesNotExist();

        assertThatThrownBy(() -> NoReplaceRename.move(second, target)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).hasContent("first");
        assertThat(second).hasContent("second");
        assertThatThrownBy(() -> NoReplaceRename.move(dir.resolve("gone.txt"), dir.resolve("x.txt")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void movesANameOfAnyScriptAndNeverALookAlike() throws Exception {
        Path named;
        try {
            named = dir.resolve("é-ü-ş-ال.txt");
        } catch (java.nio.file.InvalidPathException asciiLocale) {
            org.junit.jupiter.api.Assumptions.abort("file names here cannot hold non-ASCII letters: " + asciiLocale);
            return;
        }
        Files.writeString(named, "the article");
        Path lookAlike = Files.writeString(dir.resolve("?-?-?-??.txt"), "another file");
        NoReplaceRename.move(named, dir.resolve("archived-é.txt"));
        assertThat(dir.resolve("archived-é.txt")).hasContent("the article");
        assertThat(lookAlike).hasContent("another file");
        assertThat(named).doesNotExist();
    }

    @Test
    void movesALinkItselfNeverItsTarget() throws Exception {
        Path real = Files.writeString(dir.resolve("real.txt"), "real");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
        Path target = dir.resolve("moved-link.txt");
        NoReplaceRename.move(link, target);
        assertThat(Files.isSymbolicLink(target)).isTrue();
        assertThat(real).hasContent("real");
    }

    @Test
    void ofManyRenamesOntoOneNameAtOnceExactlyOneWinsAndTheOthersKeepTheirFiles() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 40; round++) {
                Path target = dir.resolve("target-" + round);
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Future<Boolean>> won = new ArrayList<>();
                List<Path> sources = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    Path source = Files.writeString(dir.resolve("source-" + round + "-" + i), "racer " + i);
                    sources.add(source);
                    won.add(pool.submit(() -> {
                        start.await();
                        try {
                            NoReplaceRename.move(source, target);
                            return true;
                        } catch (FileAlreadyExistsException lost) {
                            return false;
                        }
                    }));
                }
                int winners = 0;
                for (Future<Boolean> future : won) {
                    winners += future.get() ? 1 : 0;
                }
                assertThat(winners).isEqualTo(1);
                assertThat(sources.stream().filter(Files::exists).count()).isEqualTo(racers - 1L);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
