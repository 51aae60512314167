package com.researchpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {

    @TempDir
    Path jvms;

    @Test
    void readsTheFeatureVersionOfModernAndLegacyJdks() throws IOException {
        assertThat(JavaRuntimes.featureVersion(fakeJdk("temurin-25", "25.0.3"))).isEqualTo(25);
        assertThat(JavaRuntimes.featureVersion(fakeJdk("openjdk-21", "21"))).isEqualTo(21);
        assertThat(JavaRuntimes.featureVersion(fakeJdk("jdk8", "1.8.0_392"))).isEqualTo(8);
    }

    @Test
    void aFolderWithoutAJavaOrAReleaseFileIsNoJdk() throws IOException {
        Path notJdk = Files.createDirectories(jvms.resolve("docs"));
        assertThat(JavaRuntimes.featureVersion(notJdk)).isEqualTo(-1);
    }

    @Test
    void findsTheRunningJdkButNoneOfAVersionNotYetMade() {
        assertThat(JavaRuntimes.findAtLeast(17)).isPresent();
        assertThat(JavaRuntimes.findAtLeast(1000)).isEmpty();
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name).resolve("bin"));
        Path java = Files.createFile(home.resolve("java"));
        java.toFile().setExecutable(true);
        Files.writeString(home.getParent().resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home.getParent();
    }
}
