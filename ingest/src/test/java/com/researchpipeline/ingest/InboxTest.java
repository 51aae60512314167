package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.researchpipeline.contract.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxTest {

    @TempDir
    Path root;

    @Test
    void movesToDoneKeepingTheSubfolderAndNeverOverwrites() throws IOException {
        Inbox inbox = new Inbox(root);
        for (int i = 1; i <= 3; i++) {
            Path file = root.resolve("2026/news/report.pdf");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "version " + i);
            inbox.move(file, inbox.doneTarget(file));
        }
        assertThat(root.resolve(".done/2026/news/report.pdf")).hasContent("version 1");
        assertThat(root.resolve(".done/2026/news/report (2).pdf")).hasContent("version 2");
        assertThat(root.resolve(".done/2026/news/report (3).pdf")).hasContent("version 3");
    }

    @Test
    void aDoneFolderOnAnotherFileSystemIsTheReasonGivenForAFileThatCannotBeMoved() throws IOException {
        Path elsewhere = Files.createTempDirectory(Path.of("/dev/shm"), "done-");
        try {
            assumeTrue(!Files.getAttribute(elsewhere, "unix:dev").equals(Files.getAttribute(root, "unix:dev")),
                    "/dev/shm is on the file system of the temporary folder");
            Inbox inbox = new Inbox(root);
            Files.delete(root.resolve(".done"));
            Files.createSymbolicLink(root.resolve(".done"), elsewhere);
            Path file = Files.writeString(root.resolve("paper.txt"), "sent, then to be archived");

            assertThatThrownBy(() -> inbox.move(file, inbox.doneTarget(file)))
                    .satisfies(e -> assertThat(IngestErrorPolicy.explain(e))
                            .contains("different file systems").contains("same file system as the inbox"));
            assertThat(file).exists();
        } finally {
            Files.delete(elsewhere);
        }
    }

    @Test
    void aFolderNamedLikeAnArchivedFileGoesToTheNextFreeFolderName() throws IOException {
        Inbox inbox = new Inbox(root);
        Path report = Files.writeString(root.resolve("report"), "a file with no extension");
        inbox.move(report, inbox.doneTarget(report));
        Path paper = root.resolve("report/paper.txt");
        Files.createDirectories(paper.getParent());
        Files.writeString(paper, "then a folder of that name");
        Path failed = root.resolve("report/bad.txt");
        Files.writeString(failed, "rejected");

        assertThat(inbox.move(paper, inbox.doneTarget(paper))).isEqualTo(root.resolve(".done/report (2)/paper.txt"));
        assertThat(root.resolve(".done/report")).hasContent("a file with no extension");
        assertThat(root.resolve(".done/report (2)/paper.txt")).hasContent("then a folder of that name");
        Files.createDirectories(root.resolve(".failed"));
        Files.writeString(root.resolve(".failed/report"), "a rejected file with no extension");
        assertThat(inbox.moveWithReason(failed, inbox.reserveFailedTarget(failed), at -> "why"))
                .isEqualTo(root.resolve(".failed/report (2)/bad.txt"));
    }

    @Test
    void concurrentMovesOntoOneNameAndConcurrentFailuresKeepEveryFileAndItsOwnReason() throws Exception {
        Inbox inbox = new Inbox(root);
        int movers = 16;
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < movers; i++) {
            Path file = root.resolve("in-" + i + ".txt");
            Files.writeString(file, "file " + i);
            files.add(file);
        }
        Path doneTarget = root.resolve(".done/same.txt");
        Path failedTarget = root.resolve(".failed/same.txt");
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(movers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(movers);
        try {
            java.util.List<java.util.concurrent.Future<Path>> moved = new java.util.ArrayList<>();
            for (int i = 0; i < movers; i++) {
                Path file = files.get(i);
                boolean fails = i % 2 == 0;
                moved.add(pool.submit(() -> {
                    start.await();
                    return fails ? inbox.moveWithReason(file, failedTarget, at -> "reason of " + file.getFileName())
                            : inbox.move(file, doneTarget);
                }));
            }
            java.util.Set<Path> targets = new java.util.HashSet<>();
            for (var future : moved) {
                targets.add(future.get());
            }
            assertThat(targets).hasSize(movers);
        } finally {
            pool.shutdownNow();
        }
        java.util.List<String> contents = new java.util.ArrayList<>();
        for (String archive : new String[] {".done", ".failed"}) {
            try (var listing = Files.list(root.resolve(archive))) {
                for (Path p : listing.filter(p -> !p.toString().endsWith(Inbox.REASON_SUFFIX)).toList()) {
                    contents.add(Files.readString(p));
                    if (archive.equals(".failed")) {
                        assertThat(Inbox.reasonFileOf(p)).hasContent("reason of in-" + Files.readString(p)
                                .substring("file ".length()) + ".txt");
                    }
                }
            }
        }
        assertThat(contents).hasSize(movers).doesNotHaveDuplicates();
    }

    @Test
    void processesSharingTheInboxNeverReplaceEachOthersArchivedFiles() throws Exception {
        int processes = 8;
        int rounds = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(processes);
        try {
            for (int round = 0; round < rounds; round++) {
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(processes);
                java.util.List<java.util.concurrent.Future<Path>> moved = new java.util.ArrayList<>();
                Path shared = root.resolve(".done/shared/r" + round + ".txt");
                for (int p = 0; p < processes; p++) {
                    Inbox ownInbox = new Inbox(root); // each process has its own lock: only the rename keeps them apart
                    Path file = Files.createDirectories(root.resolve("p" + p)).resolve("r" + round + ".txt");
                    Files.writeString(file, "process " + p + " round " + round);
                    moved.add(pool.submit(() -> {
                        start.await();
                        return ownInbox.move(file, shared);
                    }));
                }
                for (var future : moved) {
                    future.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (var archived = Files.list(root.resolve(".done/shared"))) {
            assertThat(archived.count()).as("every file of every process kept").isEqualTo((long) processes * rounds);
        }
    }

    @Test
    void rejectedFilesInFlightTogetherEachLandWhereTheirDeadLetterSaid() throws Exception {
        Inbox inbox = new Inbox(root);
        Files.writeString(root.resolve(".failed/x.txt"), "rejected yesterday");
        // x.txt would go to "x (2).txt", the name x (2).txt itself asks for first: the names collide
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (String name : new String[] {"x.txt", "x (2).txt", "x (3).txt", "x (4).txt", "x (5).txt"}) {
            files.add(Files.writeString(root.resolve(name), "bytes of " + name));
        }
        int rounds = files.size();
        java.util.concurrent.CyclicBarrier announced = new java.util.concurrent.CyclicBarrier(rounds);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(rounds);
        try {
            java.util.Map<Path, java.util.concurrent.Future<Path[]>> results = new java.util.LinkedHashMap<>();
            for (Path file : files) {
                results.put(file, pool.submit(() -> {
                    Path toldKafka = inbox.reserveFailedTarget(file); // what the dead letter names
                    announced.await(); // every dead letter is out before any file moves
                    Path landed = inbox.moveWithReason(file, toldKafka, at -> "reason of " + file.getFileName());
                    inbox.releaseReservation(toldKafka); // the exchange ended
                    return new Path[] {toldKafka, landed};
                }));
            }
            for (var entry : results.entrySet()) {
                Path[] told = entry.getValue().get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(told[1]).as("where %s landed", entry.getKey().getFileName()).isEqualTo(told[0]);
                assertThat(told[0]).hasContent("bytes of " + entry.getKey().getFileName());
                assertThat(Inbox.reasonFileOf(told[0])).hasContent("reason of " + entry.getKey().getFileName());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(root.resolve(".failed/x.txt")).hasContent("rejected yesterday");
    }

    @Test
    void aReservedFailedNameIsFreeAgainOnceReleased() throws IOException {
        Inbox inbox = new Inbox(root);
        Path file = Files.writeString(root.resolve("r.txt"), "x");
        Path first = inbox.reserveFailedTarget(file);
        assertThat(inbox.reserveFailedTarget(file)).as("while reserved").isEqualTo(root.resolve(".failed/r (2).txt"));
        inbox.releaseReservation(first); // the first file's processing was rolled back
        assertThat(inbox.reserveFailedTarget(file)).isEqualTo(first);
    }

    @Test
    void reusesAFailedNameWhoseReasonFileLostItsFile() throws IOException {
        Inbox inbox = new Inbox(root);
        // written just before a crash, or left when its file was moved back into the inbox to retry it
        Files.writeString(root.resolve(".failed/README.reason.txt"), "left from an earlier run");
        Files.writeString(root.resolve(".failed/NOTES"), "an earlier file");
        Path readme = root.resolve("README");
        Path notes = root.resolve("NOTES");
        Files.writeString(readme, "");
        Files.writeString(notes, "");

        Path target = inbox.reserveFailedTarget(readme);

        assertThat(root.relativize(target).toString()).isEqualTo(".failed/README");
        assertThat(inbox.relative(inbox.writeReason(target, "why"))).isEqualTo(".failed/README.reason.txt");
        assertThat(root.resolve(".failed/README.reason.txt")).hasContent("why");
        assertThat(root.relativize(inbox.reserveFailedTarget(notes)).toString()).isEqualTo(".failed/NOTES (2)");
    }

    @Test
    void aRejectedFileNamedLikeAReasonFileIsNeverOverwrittenByTheReasonOfAnother() throws IOException {
        Inbox inbox = new Inbox(root);
        Path namedLikeAReason = Files.writeString(root.resolve("a.txt" + Inbox.REASON_SUFFIX), "\u0000 the user's bytes");
        Path rejected = inbox.moveWithReason(namedLikeAReason, inbox.reserveFailedTarget(namedLikeAReason),
                at -> "binary");
        Path plain = Files.writeString(root.resolve("a.txt"), "\u0000 another file");

        Path target = inbox.reserveFailedTarget(plain);
        Path landed = inbox.moveWithReason(plain, target, at -> "binary too");

        assertThat(rejected).hasContent("\u0000 the user's bytes");
        assertThat(root.relativize(landed).toString()).isEqualTo(".failed/a (2).txt");
        assertThat(Inbox.reasonFileOf(landed)).hasContent("binary too");
    }

    @Test
    void tellsALinkOutOfTheInboxFromOneInside(@TempDir Path outside) throws IOException {
        Inbox inbox = new Inbox(root);
        Files.writeString(outside.resolve("secret.txt"), "x");
        Files.writeString(root.resolve("inside.txt"), "y");
        Path out = Files.createSymbolicLink(root.resolve("out.txt"), outside.resolve("secret.txt"));
        Path in = Files.createSymbolicLink(root.resolve("in.txt"), root.resolve("inside.txt"));

        assertThat(inbox.leadsOutside(out)).isTrue();
        assertThat(inbox.leadsOutside(in)).isFalse();
        assertThat(inbox.relative(root.resolve("a b/ç.txt"))).isEqualTo("a b/ç.txt");
    }

    @Test
    void escapesControlAndInvisibleCharactersOfNamesForLogLines() {
        assertThat(Printable.of("forged\n2026-01-01 INFO ingested ok.txt")).isEqualTo("forged\\n2026-01-01 INFO ingested ok.txt");
        assertThat(Printable.of("a\u001b[31m\u202Etxt.exe")).isEqualTo("a\\u001B[31m\\u202Etxt.exe");
        assertThat(Printable.of("plain name (2).txt")).isEqualTo("plain name (2).txt");
    }

    @Test
    void keepsArchiveNamesWithinTheFileSystemsLimit() {
        String longName = "\u00e9".repeat(120) + ".txt"; // 244 bytes in UTF-8
        java.nio.file.Path reason = Inbox.reasonFileOf(Path.of("/inbox/.failed", longName));
        assertThat(reason.getFileName().toString()).endsWith(Inbox.REASON_SUFFIX);
        assertThat(reason.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(Inbox.MAX_NAME_BYTES);
        String numbered = Inbox.numbered(Path.of("/inbox/.done", "x".repeat(251) + ".txt"), 12)
                .getFileName().toString();
        assertThat(numbered).endsWith(" (12).txt").hasSizeLessThanOrEqualTo(Inbox.MAX_NAME_BYTES);
        assertThat(Inbox.numbered(Path.of("/inbox/.done", "short.txt"), 2).getFileName().toString())
                .isEqualTo("short (2).txt");
    }

    @Test
    void anInboxWhoseFoldersCannotBeMadeSaysWhichAndWhatToGiveInsteadOfAStackTrace(@TempDir Path other) throws IOException {
        // before: an UncheckedIOException, which bin/pipeline stage ingest let out as a stack trace
        Files.writeString(other.resolve(".done"), "a file where the folder should be");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Inbox(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot create the inbox " + other)
                .hasMessageContaining("give INGEST_INBOX (run: --inbox) a folder ingest may create and write");
    }
}
