package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FileProcessingGuardTest {

    @Test
    void returnsWhatTheWorkReturns() {
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofSeconds(5), 2);
        assertThat(guard.run("a", () -> "article")).isEqualTo("article");
    }

    @Test
    void turnsAStackOverflowIntoARejectionThatSaysWhatToDo() {
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofSeconds(5), 2);
        assertThatThrownBy(() -> guard.run("deep", FileProcessingGuardTest::recurse))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("nested too deeply")
                .satisfies(e -> assertThat(((RejectedInputException) e).action()).contains("flatten"));
    }

    @Test
    void aFileThatRunsOutOfMemoryIsReadAgainOnceThenRejected() {
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofSeconds(5), 2);
        java.util.concurrent.Callable<String> exhausting = () -> {
            throw new OutOfMemoryError("Java heap space");
        };
        assertThatThrownBy(() -> guard.run("huge", exhausting)).as("the first time: perhaps other work's memory")
                .isInstanceOf(FileProcessingGuard.Saturated.class).hasMessageContaining("read again");
        assertThatThrownBy(() -> guard.run("huge", exhausting)).as("the second time: the file's")
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("more memory");
    }

    @Test
    void aFileReadAfterRunningOutOfMemoryOnceStartsAfresh() {
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofSeconds(5), 2);
        java.util.concurrent.Callable<String> exhausting = () -> {
            throw new OutOfMemoryError("Java heap space");
        };
        assertThatThrownBy(() -> guard.run("large", exhausting)).isInstanceOf(FileProcessingGuard.Saturated.class);
        assertThat(guard.run("large", () -> "article")).isEqualTo("article");
        assertThatThrownBy(() -> guard.run("large", exhausting)).isInstanceOf(FileProcessingGuard.Saturated.class);
    }

    @Test
    void failsWorkThatOverrunsTheLimitAndGoesOn() {
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofMillis(200), 2);
        long started = System.nanoTime();
        assertThatThrownBy(() -> guard.run("slow", () -> {
            Thread.sleep(60_000);
            return "never";
        })).isInstanceOf(RejectedInputException.class).hasMessageContaining("longer than the limit of 200 ms")
                .hasMessageContaining("INGEST_EXTRACT_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(guard.abandonedRunning()).as("an interruptible worker ends").isZero();
        assertThat(guard.run("next", () -> "next")).isEqualTo("next");
    }

    @Test
    void abandonsWorkersThatIgnoreInterruptsButNoMoreThanTheBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofMillis(100), 2);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guard.run("stubborn", () -> ignoreInterrupts(release)))
                    .isInstanceOf(RejectedInputException.class).hasMessageContaining("abandoned");
        }
        assertThat(guard.abandonedRunning()).isEqualTo(2);
        assertThatThrownBy(() -> guard.run("next", () -> "next")).isInstanceOf(FileProcessingGuard.Saturated.class)
                .hasMessageContaining("2 workers abandoned");

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (guard.abandonedRunning() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(guard.run("next", () -> "next")).isEqualTo("next");
    }

    @Test
    void closingCutsTheWorkInProgressShort() throws Exception {
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofMinutes(1), 2);
        Thread closer = new Thread(() -> {
            sleep(200);
            guard.close();
        });
        closer.start();
        long started = System.nanoTime();
        assertThatThrownBy(() -> guard.run("long", () -> {
            Thread.sleep(60_000);
            return "never";
        })).isInstanceOf(FileProcessingGuard.Stopping.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> guard.run("after", () -> "x")).isInstanceOf(FileProcessingGuard.Stopping.class);
    }

    @Test
    void noWorkStartsOnceClosedEvenWhenCloseRacesTheStart() throws Exception {
        for (int round = 0; round < 50; round++) {
            FileProcessingGuard guard = new FileProcessingGuard(Duration.ofMinutes(1), 2);
            CountDownLatch go = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicLong tookMillis = new java.util.concurrent.atomic.AtomicLong();
            Thread runner = new Thread(() -> {
                await(go);
                long started = System.nanoTime();
                try {
                    guard.run("racing", () -> {
                        Thread.sleep(60_000);
                        return "never";
                    });
                } catch (FileProcessingGuard.Stopping expected) {
                    // refused, or cut short: both are right
                }
                tookMillis.set((System.nanoTime() - started) / 1_000_000);
            });
            runner.start();
            go.countDown();
            guard.close();
            runner.join(5_000);
            assertThat(runner.isAlive()).as("a run started while closing must be cut short").isFalse();
            assertThat(tookMillis.get()).isLessThan(5_000);
        }
    }

    @Test
    void readsTheIssuesHtmlNestedFiveThousandElementsDeep() {
        String html = "<html><body>" + "<div>".repeat(5_000) + "<p>Deep inside, stem cell therapy.</p>"
                + "</div>".repeat(5_000) + "</body></html>";
        assertThat(html.length()).isGreaterThan(55_000);
        FileProcessingGuard guard = new FileProcessingGuard(Duration.ofSeconds(30), 2);
        CleanedArticle article = guard.run("deep.html",
                () -> new ArticleCleaner().clean(html.getBytes(StandardCharsets.UTF_8), "deep.html"));
        assertThat(article.body()).isEqualTo("Deep inside, stem cell therapy.\n");
    }

    private static String recurse() {
        return recurse() + "";
    }

    private static String ignoreInterrupts(CountDownLatch release) {
        while (true) {
            try {
                if (release.await(10, TimeUnit.SECONDS)) {
                    return "released";
                }
            } catch (InterruptedException ignored) {
                // a parser that does not look at interrupts behaves like this
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
