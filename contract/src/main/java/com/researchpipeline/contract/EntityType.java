package com.researchpipeline.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The three kinds of entity the enrich stage extracts; written in JSON as lower-case words. */
public enum EntityType {
    INSTITUTION, THERAPY, DISEASE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EntityType fromLabel(String label) {
        for (EntityType type : values()) {
            if (type.label().equalsIgnoreCase(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown entity type '" + label + "': expected institution, therapy or disease");
    }
}
