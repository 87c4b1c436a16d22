package dev.mediajobs.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What a job produces from what. The wire form is kebab-case, e.g. {@code text-to-image}. */
public enum Operation {
    TEXT_TO_IMAGE("text-to-image"),
    IMAGE_TO_IMAGE("image-to-image"),
    TEXT_TO_VIDEO("text-to-video"),
    IMAGE_TO_VIDEO("image-to-video"),
    VIDEO_TO_VIDEO("video-to-video"),
    TEXT("text"),
    MUSIC("music");

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Operation> find(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        return Arrays.stream(values()).filter(o -> o.wireName.equalsIgnoreCase(v) || o.name().equalsIgnoreCase(v)).findFirst();
    }

    @JsonCreator
    public static Operation fromWire(String value) {
        return find(value).orElseThrow(() -> new IllegalArgumentException("unknown operation: " + value));
    }
}
