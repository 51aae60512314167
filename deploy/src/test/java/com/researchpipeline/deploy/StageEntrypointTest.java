package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/stage-entrypoint.sh run here as the container runs it (as root), with a command that reports who it
 * runs as and writes into the inbox the way ingest does (.done/, .failed/, a reason file).
 */
class StageEntrypointTest {

    private static final Path ENTRYPOINT = Repository.file("docker/stage-entrypoint.sh");
    private static final String STAGE_LIKE = "id -u; id -g; mkdir -p \"$INGEST_INBOX/.failed\";"
            + " echo why > \"$INGEST_INBOX/.failed/a.txt.reason.txt\"";

    @TempDir
    static Path temp;

    @BeforeAll
    static void onlyRootCanChangeUser() throws IOException {
        assumeTrue(Processes.isRoot(), "the entry point starts as root in the image; these tests need root");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void ingestRunsAsTheOwnerOfTheInboxSoItsFilesStayTheUsers() throws IOException {
        Path inbox = Files.createDirectory(temp.resolve("user-inbox"));
        chown(inbox, "4321:4322");
        var result = run(Map.of("INGEST_INBOX", inbox.toString()), STAGE_LIKE);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().toList()).startsWith("4321", "4322");
        assertThat(owner(inbox.resolve(".failed"))).isEqualTo("4321:4322");
        assertThat(owner(inbox.resolve(".failed/a.txt.reason.txt"))).isEqualTo("4321:4322");
    }

    @Test
    void aRootOwnedInboxRunsAsRootWhichIsTheHostUserUnderRootlessDockerAndDockerDesktop() throws IOException {
        Path inbox = Files.createDirectory(temp.resolve("root-inbox"));
        var result = run(Map.of("INGEST_INBOX", inbox.toString()), "id -u");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().toList()).last().isEqualTo("0");
        if (Files.readString(Path.of("/proc/self/uid_map")).trim().matches("0\\s+0\\s+4294967295")) {
            // rootful: say what to do in case the daemon created the folder
            assertThat(result.output()).contains("belongs to root").contains("sudo chown");
        }
    }

    @Test
    void aMissingInboxIsCreated() {
        Path inbox = temp.resolve("missing/inbox");
        var result = run(Map.of("INGEST_INBOX", inbox.toString()), "id -u");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(inbox).isDirectory();
    }

    @Test
    void stagesWithoutAnInboxRunAsTheUnprivilegedAccount() {
        var result = run(Map.of("PIPELINE_USER", "nobody"), "id -u; echo \"$HOME\"");
        assertThat(result.exitCode()).as(result.output()).isZero();
        String nobody = Processes.run(temp, Map.of(), List.of("id", "-u", "nobody"), 10).output().strip();
        assertThat(result.output().lines().toList()).containsExactly(nobody, "/tmp");
    }

    @Test
    void startedAsAnotherUserItRunsTheCommandAsThatUser() throws IOException {
        Path inbox = Files.createDirectory(temp.resolve("other-inbox"));
        chown(inbox, "4321:4322");
        var result = Processes.run(temp, Map.of("INGEST_INBOX", inbox.toString()), List.of("setpriv",
                "--reuid=5555", "--regid=5555", "--clear-groups", "sh", ENTRYPOINT.toString(), "sh", "-c", "id -u"), 30);
        assertThat(result.output().strip()).isEqualTo("5555");
    }

    private static Processes.Result run(Map<String, String> env, String command) {
        return Processes.run(temp, env, List.of("sh", ENTRYPOINT.toString(), "sh", "-c", command), 30);
    }

    private static void chown(Path path, String owner) {
        assertThat(Processes.run(temp, Map.of(), List.of("chown", owner, path.toString()), 10).exitCode()).isZero();
    }

    private static String owner(Path path) {
        return Processes.run(temp, Map.of(), List.of("stat", "-c", "%u:%g", path.toString()), 10).output().strip();
    }
}
