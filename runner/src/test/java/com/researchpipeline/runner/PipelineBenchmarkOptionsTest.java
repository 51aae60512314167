package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineBenchmarkOptionsTest {

    @Test
    void defaultsAreAThousandArticlesTwentyFilesASecondForAMinuteAndUpToThreeProcesses() {
        var options = PipelineBenchmarkCommand.Options.parse(List.of());

        assertThat(options).isEqualTo(new PipelineBenchmarkCommand.Options(1000, 20, 60, 3, "512m", true));
    }

    @Test
    void readsEveryOption() {
        var options = PipelineBenchmarkCommand.Options.parse(List.of("--articles", "50", "--rate", "2.5",
                "--steady-seconds", "10", "--processes", "2", "--heap", "1g", "--no-compare"));

        assertThat(options).isEqualTo(new PipelineBenchmarkCommand.Options(50, 2.5, 10, 2, "1g", false));
    }

    @Test
    void rejectsABadValueNamingIt() {
        assertThatThrownBy(() -> PipelineBenchmarkCommand.Options.parse(List.of("--articles", "none")))
                .hasMessageContaining("--articles 'none'");
        assertThatThrownBy(() -> PipelineBenchmarkCommand.Options.parse(List.of("--heap", "lots")))
                .hasMessageContaining("--heap 'lots'");
        assertThatThrownBy(() -> PipelineBenchmarkCommand.Options.parse(List.of("--fast")))
                .hasMessageContaining("unknown argument '--fast'");
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }

        assertThat(SearchWatcher.percentile(sorted, 50)).isEqualTo(50);
        assertThat(SearchWatcher.percentile(sorted, 99)).isEqualTo(99);
        assertThat(SearchWatcher.percentile(sorted, 100)).isEqualTo(100);
        assertThat(SearchWatcher.percentile(new double[] {3}, 99)).isEqualTo(3);
    }
}
