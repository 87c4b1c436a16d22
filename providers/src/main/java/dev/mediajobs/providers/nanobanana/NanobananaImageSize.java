package dev.mediajobs.providers.nanobanana;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.http.PixelSize;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code width} × {@code height} of the request, from the neutral {@code resolution} and {@code aspectRatio}.
 * Nanobanana Pro makes 1K, 2K and 4K images, so {@code 1K}/{@code 2K}/{@code 4K} set the longer side to 1024, 2048 or
 * 4096 in the aspect ratio (16:9 unless given); {@code WIDTHxHEIGHT} is taken as it is. Without either, the
 * document's 1920 × 1080.
 */
final class NanobananaImageSize {

    static final PixelSize DOCUMENTED_DEFAULT = new PixelSize(1920, 1080);
    static final String DEFAULT_ASPECT_RATIO = "16:9";
    static final int MAX_SIDE = 4096;
    static final Map<String, Integer> PRESET_LONG_SIDES = Map.of("1K", 1024, "2K", 2048, "4K", 4096);

    private NanobananaImageSize() {
    }

    /** The size, or empty when {@code resolution} is neither a preset nor {@code WIDTHxHEIGHT} within 4096. */
    static Optional<PixelSize> of(JobInput input) {
        String resolution = input.resolution();
        String aspect = input.aspectRatio() != null && PixelSize.isRatio(input.aspectRatio()) ? input.aspectRatio() : null;
        if (resolution == null || resolution.isBlank()) {
            return Optional.of(aspect == null ? DOCUMENTED_DEFAULT : PixelSize.withLongSide(DOCUMENTED_DEFAULT.longSide(), aspect));
        }
        Integer preset = PRESET_LONG_SIDES.get(resolution.trim().toUpperCase(Locale.ROOT));
        if (preset != null) {
            return Optional.of(PixelSize.withLongSide(preset, aspect != null ? aspect : DEFAULT_ASPECT_RATIO));
        }
        return PixelSize.parse(resolution).filter(size -> size.width() <= MAX_SIDE && size.height() <= MAX_SIDE);
    }

    /** Whether an explicit {@code WIDTHxHEIGHT} contradicts the aspect ratio given beside it. */
    static boolean contradicts(JobInput input) {
        if (input.aspectRatio() == null || input.resolution() == null) {
            return false;
        }
        return PixelSize.parse(input.resolution()).map(size -> !size.hasAspectRatio(input.aspectRatio())).orElse(false);
    }
}
