package com.researchpipeline.runner;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Stage;
import com.researchpipeline.enrich.EnrichApplication;
import com.researchpipeline.enrich.EnrichConfig;
import com.researchpipeline.enrich.EnrichService;
import com.researchpipeline.ingest.IngestConfig;
import com.researchpipeline.ingest.IngestService;
import com.researchpipeline.observability.Observability;
import com.researchpipeline.publish.PublishConfig;
import com.researchpipeline.publish.PublishService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM of {@code benchmark-pipeline}: runs the named stages ({@code ingest}, {@code enrich},
 * {@code publish}, or {@code all} for the three in one JVM, the shape of {@code bin/pipeline run}),
 * configured from the environment, against a Kafka and an Elasticsearch that exist. It prints
 * {@code ready} on stdout once started, samples its heap, and when stdin says {@code stop} (or closes) it
 * stops the stages and prints {@code peak-heap-bytes N} before exiting.
 */
final class StageProcess {

    public static void main(String[] args) throws Exception {
        Settings env = Settings.fromEnvironment();
        List<String> names = args[0].equals("all") ? List.of("publish", "enrich", "ingest") : List.of(args[0].split(","));
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = heapSampler(peakHeap);
        // 'all' has what bin/pipeline run has: one registry and one HTTP port (PIPELINE_METRICS_PORT, off unless set)
        // for the three stages, and their status events; a stage alone keeps its metrics in memory
        Observability observability = args[0].equals("all") ? Observability.from(env, "PIPELINE_METRICS_PORT", 0)
                : Observability.inMemory();
        Deque<AutoCloseable> running = new ArrayDeque<>();
        running.push(observability);
        for (String name : names) {
            Stage stage = switch (name) {
                case "ingest" -> new IngestService(IngestConfig.from(env), observability);
                case "enrich" -> new EnrichService(EnrichConfig.from(env), EnrichApplication.loadExtractor(),
                        observability);
                case "publish" -> new PublishService(PublishConfig.from(env), observability);
                default -> throw new IllegalArgumentException("unknown stage '" + name + "'");
            };
            stage.start();
            running.push(stage);
        }
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
            if (line.equals("heap")) {
                System.out.println("peak-heap-bytes " + peakHeap.get());
                System.out.flush();
            }
        }
        while (!running.isEmpty()) {
            running.pop().close();
        }
        sampler.interrupt();
        System.out.println("peak-heap-bytes " + peakHeap.get());
        System.out.flush();
        System.exit(0);
    }

    /** The most heap in use (live objects and garbage not yet collected), sampled every 20 ms. */
    static Thread heapSampler(AtomicLong peak) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private StageProcess() {
    }
}
