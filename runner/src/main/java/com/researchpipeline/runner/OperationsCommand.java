package com.researchpipeline.runner;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.enrich.EnrichConfig;
import com.researchpipeline.publish.PublishConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Operations on a running broker, configured from the environment like the stages:
 * <ul>
 *   <li>{@code replay enrich|publish}: moves the stage's consumer group back to the start of its input topic,
 *       so the stage processes everything again when it next starts (re-enrich after an extractor upgrade,
 *       re-index); the stage must be stopped.</li>
 *   <li>{@code redrive}: sends every dead letter of enrich and publish not yet redriven back to the topic it
 *       came from, unchanged; ingest's rejected files are listed instead, since their fix is a file.</li>
 * </ul>
 */
final class OperationsCommand {

    static final String REDRIVE_GROUP = "dlq-redrive";

    static int replay(List<String> args, Settings env, PrintStream out, PrintStream err) throws Exception {
        if (args.size() != 1 || !List.of("enrich", "publish").contains(args.get(0))) {
            err.println("usage: bin/pipeline replay enrich|publish");
            return 2;
        }
        String stage = args.get(0);
        String group;
        String topic;
        if (stage.equals("enrich")) {
            group = EnrichConfig.from(env).groupId();
            topic = Topics.RAW.name();
        } else {
            PublishConfig publish = PublishConfig.from(env);
            group = publish.groupId();
            topic = publish.topic();
        }
        try (Admin admin = admin(KafkaSettings.from(env))) {
            Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest()));
            admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> starts.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, starts).all().get(30, TimeUnit.SECONDS);
            out.printf("%s will process %s again from the start (group %s, %d partitions); start it now%n",
                    stage, topic, group, starts.size());
            return 0;
        } catch (ExecutionException e) {
            err.printf("could not move group %s: %s. Stop the %s stage first (a running consumer owns its offsets), "
                    + "then run this again%n", group, DeadLetterHeaders.messageOf(e.getCause()), stage);
            return 1;
        }
    }

    static int redrive(List<String> args, Settings env, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("usage: bin/pipeline redrive");
            return 2;
        }
        KafkaSettings kafka = KafkaSettings.from(env);
        int sent = 0;
        int files = 0;
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumer(REDRIVE_GROUP, "redrive"));
             var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("redrive"))) {
            consumer.subscribe(List.of(Topics.DLQ.name()));
            for (ConsumerRecords<byte[], byte[]> batch = poll(consumer); !batch.isEmpty(); batch = poll(consumer)) {
                for (ConsumerRecord<byte[], byte[]> letter : batch) {
                    String origin = DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_TOPIC);
                    if (origin == null || origin.isEmpty()) {
                        files++;
                        out.printf("rejected file %s: %s (move it back into the inbox once fixed)%n",
                                DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_FILE),
                                DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE));
                        continue;
                    }
                    producer.send(new ProducerRecord<>(origin, letter.key(), letter.value())).get();
                    sent++;
                }
                consumer.commitSync();
            }
        } catch (ExecutionException | InterruptedException e) {
            err.println("redrive stopped: " + DeadLetterHeaders.messageOf(e) + "; what was sent is committed, "
                    + "run it again to go on");
            return 1;
        }
        out.printf("redriven: %d dead letters back to their topics; %d rejected files listed%n", sent, files);
        return 0;
    }

    private static ConsumerRecords<byte[], byte[]> poll(KafkaConsumer<byte[], byte[]> consumer) {
        // the first poll joins the group and may return nothing: give it time before calling the topic drained
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(5));
        return records.isEmpty() ? consumer.poll(Duration.ofSeconds(2)) : records;
    }

    private static Admin admin(KafkaSettings kafka) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(props);
    }

    private OperationsCommand() {
    }
}
