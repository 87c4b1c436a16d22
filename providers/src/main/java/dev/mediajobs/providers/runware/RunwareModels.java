package dev.mediajobs.providers.runware;

import dev.mediajobs.providers.http.PixelSize;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The document's "Model-Specific Constraints": Kling models take 5 or 10 s at three fixed sizes, without seed or fps;
 * Runware's native {@code runware:*} models take 5–30 s at any size, with seed and fps.
 */
enum RunwareModels {

    KLING(5, 10, Set.of(new PixelSize(1920, 1080), new PixelSize(1080, 1920), new PixelSize(1080, 1080)), false),
    RUNWARE_NATIVE(5, 30, Set.of(), true);

    static final String DEFAULT_MODEL = "klingai:5@3";
    /** The document's "Supported Models" table. */
    static final List<String> LISTED = List.of("klingai:5@3", "klingai:5@1", "runware:108@22");
    private static final Set<String> KLING_MODELS = Set.of("klingai:5@3", "klingai:5@1");
    /** AIR-style ids as in the table ({@code runware:108@22}); the document allows any {@code runware:*} model. */
    private static final Pattern NATIVE_MODEL = Pattern.compile("runware:\\d+@\\d+");
    static final int DEFAULT_DURATION_SECONDS = 5;
    static final PixelSize DEFAULT_SIZE = new PixelSize(1920, 1080);

    private final int minDuration;
    private final int maxDuration;
    /** Empty: any size ("Resolution: Flexible"). */
    private final Set<PixelSize> sizes;
    /** Seed and fps are "Not supported" / "Model controlled" for Kling, "Supported" / "Configurable" for native models. */
    private final boolean takesSeedAndFps;

    RunwareModels(int minDuration, int maxDuration, Set<PixelSize> sizes, boolean takesSeedAndFps) {
        this.minDuration = minDuration;
        this.maxDuration = maxDuration;
        this.sizes = sizes;
        this.takesSeedAndFps = takesSeedAndFps;
    }

    static Optional<RunwareModels> of(String model) {
        String m = model == null ? DEFAULT_MODEL : model;
        if (KLING_MODELS.contains(m)) {
            return Optional.of(KLING);
        }
        return NATIVE_MODEL.matcher(m).matches() ? Optional.of(RUNWARE_NATIVE) : Optional.empty();
    }

    boolean allowsDuration(int seconds) {
        return this == KLING ? seconds == 5 || seconds == 10 : seconds >= minDuration && seconds <= maxDuration;
    }

    String durationRule() {
        return this == KLING ? "5 or 10 seconds" : minDuration + "-" + maxDuration + " seconds";
    }

    boolean allowsSize(PixelSize size) {
        return sizes.isEmpty() || sizes.contains(size);
    }

    boolean takesSeedAndFps() {
        return takesSeedAndFps;
    }
}
