package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** SIGTERM or Ctrl-C while a stage is still starting (Kafka not answering yet) stops it at once. */
class StageRunnerTest {

    @Test
    void aStopWhileTheStageStillStartsEndsTheStartAndClosesAtOnce() throws Exception {
        // before: close waited for the start's lock until the start gave up on Kafka (60 s), so the process was
        // halted after 9 s saying it "could not stop cleanly", with exit code 1
        CountDownLatch inStart = new CountDownLatch(1);
        List<String> closed = new CopyOnWriteArrayList<>();
        Stage stage = new Stage() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public synchronized void start() {
                inStart.countDown();
                try {
                    Thread.sleep(5_000); // as a stage waiting for a broker that does not answer yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topics", e);
                }
            }

            @Override
            public synchronized void close() {
                closed.add("closed");
            }
        };
        AtomicReference<Thread> hook = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                StageRunner.runUntilStopped(stage, hook::set);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        runner.start();
        assertThat(inStart.await(5, TimeUnit.SECONDS)).isTrue();

        long begun = System.nanoTime();
        hook.get().start(); // the signal
        hook.get().join(10_000);
        runner.join(10_000);

        assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(2));
        assertThat(closed).containsExactly("closed");
        assertThat(runner.isAlive()).isFalse();
        assertThat(failed.get()).as("a start ended by the stop is no failure to report").isNull();
    }

    @Test
    void creatingTopicsGivesUpAtOnceWhenInterruptedWhileTheBrokerDoesNotAnswer() throws Exception {
        // before: the admin client's close waited for the request it had given up on, up to its own 60 s
        KafkaSettings nobody = new KafkaSettings("127.0.0.1:9");
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        long begun = System.nanoTime();
        try {
            assertThatThrownBy(() -> TopicAdmin.ensureTopics(nobody, new Settings(Map.of()), Topics.RAW))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
            interrupter.join();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(4));
    }
}
