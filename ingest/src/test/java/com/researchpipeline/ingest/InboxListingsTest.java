package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller's liveness on real threads: a {@link WakeablePollScheduler} runs a poll that ends the way Camel's does
 * (the poll strategy's commit), on a real folder; the check turns not ready when listings stop, says why, and
 * recovers. No broker.
 */
class InboxListingsTest {

    private static final Duration OVERDUE = Duration.ofMillis(600);
    /** Within the threshold plus a generous margin for a loaded machine. */
    private static final Duration NOTICED = OVERDUE.plusSeconds(3);

    @TempDir
    Path inbox;

    @Test
    void theThresholdIsThreePollIntervalsOrStuckAfterWhicheverIsLonger() {
        assertThat(InboxListings.overdueAfter(config("500ms", "1m"))).isEqualTo(Duration.ofMinutes(1));
        assertThat(InboxListings.overdueAfter(config("30s", "1m"))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aNormallyPollingInboxStaysReady() throws Exception {
        try (Polling polling = new Polling(inbox, 50)) {
            long until = System.nanoTime() + OVERDUE.multipliedBy(3).toNanos();
            while (System.nanoTime() < until) {
                assertThat(polling.listings.problem()).isNull();
                assertThat(polling.listings.sinceProgress()).isLessThan(OVERDUE);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aListingThatHangsIsNotReadyWithinTheThresholdSaysWhereAndRecoversWhenItReturns() throws Exception {
        try (Polling polling = new Polling(inbox, 50)) {
            awaitTrue("a first listing", NOTICED, () -> polling.listings.problem() == null && polling.polls.getCount() == 0);
            polling.hang.set(true);
            long hung = System.nanoTime();
            awaitTrue("not ready while the listing hangs", NOTICED, () -> polling.listings.problem() != null);
            assertThat(Duration.ofNanos(System.nanoTime() - hung)).isGreaterThanOrEqualTo(OVERDUE.minusMillis(100));
            assertThat(polling.listings.problem()).contains("no listing of the inbox").contains("one listing has been running")
                    .contains("InboxListingsTest").contains("What to do");
            assertThat(polling.listings.sinceProgress()).isGreaterThan(OVERDUE);

            polling.release();
            awaitTrue("ready again once listings complete", NOTICED, () -> polling.listings.problem() == null);
        }
    }

    @Test
    void aStoppedPollerIsNotReadyAndSaysSo() throws Exception {
        try (Polling polling = new Polling(inbox, 50)) {
            awaitTrue("a first listing", NOTICED, () -> polling.polls.getCount() == 0);
            polling.scheduler.unscheduleTask(); // as when the poller is stopped by an error
            awaitTrue("not ready once the poller stopped", NOTICED, () -> polling.listings.problem() != null);
            assertThat(polling.listings.problem()).contains("the inbox poller is not running").contains("restart ingest");
        }
    }

    @Test
    void anInboxThatCannotBeOpenedIsNotAListingAndIsReadyAgainOnceItCan() throws Exception {
        try (Polling polling = new Polling(inbox, 50)) {
            awaitTrue("a first listing", NOTICED, () -> polling.polls.getCount() == 0);
            Path away = inbox.resolveSibling(inbox.getFileName() + "-away");
            Files.move(inbox, away);
            try {
                awaitTrue("not ready while the inbox is gone", NOTICED, () -> polling.listings.problem() != null);
                assertThat(polling.listings.problem()).contains("the listings fail").contains("NoSuchFileException")
                        .contains("INGEST_INBOX");
            } finally {
                Files.move(away, inbox);
            }
            awaitTrue("ready again", NOTICED, () -> polling.listings.problem() == null);
        }
    }

    private static IngestConfig config(String pollInterval, String stuckAfter) {
        return IngestConfig.from(new Settings(Map.of("INGEST_POLL_INTERVAL", pollInterval,
                "INGEST_STUCK_AFTER", stuckAfter)));
    }

    /** A real scheduler whose poll ends as Camel's does, that a test can make hang. */
    private static final class Polling implements AutoCloseable {
        final WakeablePollScheduler scheduler;
        final InboxListings listings;
        final AtomicBoolean hang = new AtomicBoolean();
        final CountDownLatch polls = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Polling(Path inbox, long intervalMillis) {
            scheduler = new WakeablePollScheduler(intervalMillis);
            listings = new InboxListings(inbox, OVERDUE, scheduler, () -> false);
            scheduler.scheduleTask(this::poll);
            scheduler.startScheduler();
        }

        private void poll() {
            if (hang.get()) {
                try {
                    released.await(30, TimeUnit.SECONDS); // as a listing blocked on a file system that does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                hang.set(false);
            }
            listings.begin(null, null);
            listings.commit(null, null, 0);
            polls.countDown();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() {
            release();
            scheduler.unscheduleTask();
        }
    }
}
