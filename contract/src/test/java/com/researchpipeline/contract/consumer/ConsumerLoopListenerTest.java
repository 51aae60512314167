package com.researchpipeline.contract.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLoopListenerTest {

    private record Recording(String name, List<String> calls) implements ConsumerLoopListener {
        @Override
        public void onProcessed(ConsumerRecord<byte[], byte[]> record) {
            calls.add(name + " processed " + record.offset());
        }

        @Override
        public void onDeadLettered(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
            calls.add(name + " dead-lettered " + reason.getMessage());
        }

        @Override
        public void onRetry(RetryCause cause, int records, Duration wait) {
            calls.add(name + " retry " + records);
        }

        @Override
        public void onPaused(Collection<TopicPartition> partitions) {
            calls.add(name + " paused " + partitions);
        }

        @Override
        public void onResumed(Collection<TopicPartition> partitions) {
            calls.add(name + " resumed " + partitions);
        }

        @Override
        public void onCommitted(Map<TopicPartition, Long> nextOffsets) {
            calls.add(name + " committed " + nextOffsets);
        }
    }

    @Test
    void andThenTellsEveryEventToThisListenerThenTheNext() {
        List<String> calls = new ArrayList<>();
        ConsumerLoopListener both = new Recording("observer", calls).andThen(new Recording("test", calls));
        var record = new ConsumerRecord<byte[], byte[]>("t", 0, 7, null, null);
        TopicPartition p = new TopicPartition("t", 0);

        both.onProcessed(record);
        both.onDeadLettered(record, new IllegalStateException("bad"));
        both.onRetry(null, 3, Duration.ofSeconds(1));
        both.onPaused(List.of(p));
        both.onResumed(List.of(p));
        both.onCommitted(Map.of(p, 8L));

        assertThat(calls).containsExactly("observer processed 7", "test processed 7",
                "observer dead-lettered bad", "test dead-lettered bad", "observer retry 3", "test retry 3",
                "observer paused [t-0]", "test paused [t-0]", "observer resumed [t-0]", "test resumed [t-0]",
                "observer committed {t-0=8}", "test committed {t-0=8}");
    }
}
