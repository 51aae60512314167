package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a finder's raw confidence into the share of such entities that were right on held-out articles, so
 * that users can filter on it: the table ({@link #RESOURCE}) is fitted by {@code enrich/tools/calibrate.py} and
 * keyed by type, finder and the lower bound of a raw-confidence bin. Entities of a finder the table lacks keep
 * their raw confidence.
 */
final class Calibration {

    static final String RESOURCE = "calibration.tsv";

    private record Bin(double from, double calibrated) {
    }

    private final Map<String, List<Bin>> bins;

    private Calibration(Map<String, List<Bin>> bins) {
        this.bins = bins;
    }

    static Calibration load() {
        try (InputStream in = Calibration.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Calibration parse(String table) {
        Map<String, List<Bin>> bins = new HashMap<>();
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < 4) {
                throw new IllegalArgumentException("calibration line needs type, finder, from, calibrated: " + line);
            }
            bins.computeIfAbsent(key(cols[0], cols[1]), k -> new ArrayList<>())
                    .add(new Bin(Double.parseDouble(cols[2]), Double.parseDouble(cols[3])));
        }
        bins.values().forEach(list -> list.sort((a, b) -> Double.compare(a.from(), b.from())));
        return new Calibration(bins);
    }

    double calibrate(EntityType type, String finder, double raw) {
        List<Bin> list = bins.get(key(type.label(), finder));
        if (list == null) {
            return raw;
        }
        double calibrated = list.get(0).calibrated();
        for (Bin bin : list) {
            if (raw >= bin.from()) {
                calibrated = bin.calibrated();
            }
        }
        return calibrated;
    }

    private static String key(String type, String finder) {
        return type.toLowerCase(Locale.ROOT) + "\t" + finder;
    }
}
