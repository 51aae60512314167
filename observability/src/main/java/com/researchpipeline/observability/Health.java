package com.researchpipeline.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The health checks of the stages in one process. A check answers null when all is well, or what is wrong.
 * Liveness fails only when a stage is broken for good (its loop died); readiness also while it cannot do its
 * work: Kafka or Elasticsearch unreachable, paused on retries, stuck on one input. Thread-safe.
 */
public final class Health {

    /** One check's answer. */
    public record Result(String stage, String check, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private record Check(String stage, String name, Supplier<String> problem) {
    }

    private final Map<String, Check> liveness = new ConcurrentHashMap<>();
    private final Map<String, Check> readiness = new ConcurrentHashMap<>();

    /** A check that makes the process not live (and not ready) while it reports a problem. */
    public void liveness(String stage, String name, Supplier<String> problem) {
        liveness.put(stage + "/" + name, new Check(stage, name, problem));
    }

    /** A check that makes the process not ready while it reports a problem. */
    public void readiness(String stage, String name, Supplier<String> problem) {
        readiness.put(stage + "/" + name, new Check(stage, name, problem));
    }

    /** Forgets a stage's checks (it was closed). */
    public void remove(String stage) {
        liveness.values().removeIf(c -> c.stage().equals(stage));
        readiness.values().removeIf(c -> c.stage().equals(stage));
    }

    public List<Result> live() {
        return run(liveness.values());
    }

    /** Every check; not ready while none is registered: the stage is still starting (reaching Kafka, say). */
    public List<Result> ready() {
        List<Check> all = new ArrayList<>(liveness.values());
        all.addAll(readiness.values());
        if (all.isEmpty()) {
            return List.of(new Result("process", "start", "starting: no stage has connected yet (reaching Kafka or "
                    + "Elasticsearch; the log says what it waits for)"));
        }
        return run(all);
    }

    public static boolean allOk(List<Result> results) {
        return results.stream().allMatch(Result::ok);
    }

    private static List<Result> run(java.util.Collection<Check> checks) {
        List<Result> results = new ArrayList<>();
        for (Check check : checks) {
            String problem;
            try {
                problem = check.problem().get();
            } catch (RuntimeException e) {
                problem = "the check failed: " + e;
            }
            results.add(new Result(check.stage(), check.name(), problem));
        }
        results.sort(java.util.Comparator.comparing(Result::stage).thenComparing(Result::check));
        return results;
    }
}
