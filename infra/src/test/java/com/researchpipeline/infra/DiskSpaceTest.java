package com.researchpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {

    @TempDir
    Path folder;

    @Test
    void aDiskWithRoomIsNotReportedFullAndAFolderNotYetMadeIsMeasuredWhereItWillBe() {
        assertThat(DiskSpace.full(folder)).isEmpty();
        assertThat(DiskSpace.full(folder.resolve("not/yet/made"))).isEmpty();
    }

    @Test
    void aDiskWithLessThanTheLeastIsReportedFullWithWhatIsLeftAndWhere() {
        Path proc = Path.of("/proc/self"); // a file system with no free space at all
        assertThat(DiskSpace.full(proc.resolve("anything"))).hasValue("the disk is full: 0 KB free on /proc/self/anything");
    }
}
