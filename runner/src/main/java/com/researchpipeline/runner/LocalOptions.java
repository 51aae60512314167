package com.researchpipeline.runner;

import com.researchpipeline.contract.Settings;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Options of {@code bin/pipeline run}: flags win over environment variables, which win over defaults.
 *
 * @param inbox             {@code --inbox} / {@code INGEST_INBOX}, default {@code ./inbox}
 * @param dataDir           {@code --data} / {@code PIPELINE_DATA}, default {@code ./data}: Kafka's log and Elasticsearch's data
 * @param kafkaPort         {@code --kafka-port} / {@code PIPELINE_KAFKA_PORT}, default 9092 (the controller takes the next port)
 * @param elasticsearchPort {@code --elasticsearch-port} / {@code PIPELINE_ELASTICSEARCH_PORT}, default 9200
 * @param elasticsearchHeap {@code PIPELINE_ELASTICSEARCH_HEAP}, default {@code 512m}
 * @param elasticsearchRestarts {@code PIPELINE_ELASTICSEARCH_RESTARTS}, default 5: restarts of a node that keeps
 *                          dying before {@code run} gives up and stops
 */
record LocalOptions(Path inbox, Path dataDir, int kafkaPort, int elasticsearchPort, String elasticsearchHeap,
                    int elasticsearchRestarts) {

    LocalOptions(Path inbox, Path dataDir, int kafkaPort, int elasticsearchPort, String elasticsearchHeap) {
        this(inbox, dataDir, kafkaPort, elasticsearchPort, elasticsearchHeap, ElasticsearchSupervisor.MAX_ATTEMPTS);
    }

    static final String USAGE = """
            usage: bin/pipeline run [--inbox DIR] [--data DIR] [--kafka-port N] [--elasticsearch-port N]
              Starts Kafka, Elasticsearch and the three stages, and watches the inbox.
              With KAFKA_BOOTSTRAP_SERVERS and ELASTICSEARCH_URL set, uses those instead of starting its own.""";

    static LocalOptions parse(List<String> args, Settings env) {
        Path inbox = env.path("INGEST_INBOX", Path.of("inbox"));
        Path data = env.path("PIPELINE_DATA", Path.of("data"));
        int kafkaPort = kafkaPort("PIPELINE_KAFKA_PORT", env.string("PIPELINE_KAFKA_PORT", "9092"));
        int esPort = port("PIPELINE_ELASTICSEARCH_PORT", env.string("PIPELINE_ELASTICSEARCH_PORT", "9200"));
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String flag = it.next();
            switch (flag) {
                case "--inbox" -> inbox = Path.of(value(flag, it));
                case "--data" -> data = Path.of(value(flag, it));
                case "--kafka-port" -> kafkaPort = kafkaPort(flag, value(flag, it));
                case "--elasticsearch-port" -> esPort = port(flag, value(flag, it));
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'\n" + USAGE);
            }
        }
        return new LocalOptions(inbox.toAbsolutePath().normalize(), data.toAbsolutePath().normalize(), kafkaPort,
                esPort, heap(env), restarts(env));
    }

    /** A JVM heap size as -Xmx takes it: a number and k, m or g; anything else would reach the node's command line. */
    private static String heap(Settings env) {
        String heap = env.string("PIPELINE_ELASTICSEARCH_HEAP", "512m");
        if (!heap.matches("[1-9][0-9]{0,6}[kKmMgG]")) {
            throw new IllegalArgumentException("PIPELINE_ELASTICSEARCH_HEAP '" + heap
                    + "' is not a heap size such as 512m or 1g");
        }
        return heap;
    }

    private static int restarts(Settings env) {
        int restarts = env.integer("PIPELINE_ELASTICSEARCH_RESTARTS", ElasticsearchSupervisor.MAX_ATTEMPTS);
        if (restarts < 0) {
            throw new IllegalArgumentException("PIPELINE_ELASTICSEARCH_RESTARTS '" + restarts
                    + "' must be 0 or more (0: stop the pipeline when the node dies)");
        }
        return restarts;
    }

    private static String value(String flag, Iterator<String> it) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return it.next();
    }

    /** {@code name}: the flag or the environment variable that gave it. */
    private static int port(String name, String value) {
        return port(name, value, 65535, "");
    }

    /** The broker's port: its controller takes the next one, so that must be a port too. */
    private static int kafkaPort(String name, String value) {
        return port(name, value, 65534, "; the controller takes the next one");
    }

    private static int port(String name, String value, int highest, String why) {
        try {
            if (!value.matches("[0-9]{1,5}")) {
                throw new NumberFormatException();
            }
            int port = Integer.parseInt(value);
            if (port < 1 || port > highest) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a port number (1-" + highest + why + ")");
        }
    }
}
