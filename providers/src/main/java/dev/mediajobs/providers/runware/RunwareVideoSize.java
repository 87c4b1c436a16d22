package dev.mediajobs.providers.runware;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.providers.http.PixelSize;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runware's {@code width}/{@code height} from the neutral {@code resolution} ({@code 1920x1080} or {@code 1080p}) and
 * {@code aspectRatio} ({@code 16:9}). Without either the document's default, 1920x1080.
 */
final class RunwareVideoSize {

    private static final Pattern SHORT_SIDE = Pattern.compile("(\\d{3,4})[pP]");
    private static final String DEFAULT_RATIO = "16:9";
    static final String KLING_SIZES = "1920x1080 (16:9), 1080x1920 (9:16) or 1080x1080 (1:1)";

    /** Either a size or the field error that explains why there is none. */
    record Outcome(PixelSize size, FieldError error) {
    }

    private RunwareVideoSize() {
    }

    static Outcome of(String resolution, String aspectRatio, RunwareModels model) {
        if (aspectRatio != null && !PixelSize.isRatio(aspectRatio)) {
            return error("input.aspectRatio", "aspectRatio must look like 16:9");
        }
        PixelSize size;
        if (resolution == null) {
            size = aspectRatio == null ? RunwareModels.DEFAULT_SIZE : PixelSize.withShortSide(1080, aspectRatio);
        } else {
            Optional<PixelSize> exact = PixelSize.parse(resolution);
            Matcher shortSide = SHORT_SIDE.matcher(resolution.trim());
            if (exact.isPresent()) {
                size = exact.get();
                if (aspectRatio != null && !size.hasAspectRatio(aspectRatio)) {
                    return error("input.aspectRatio", "resolution " + size.wire() + " is not " + aspectRatio);
                }
            } else if (shortSide.matches()) {
                size = PixelSize.withShortSide(Integer.parseInt(shortSide.group(1)), aspectRatio == null ? DEFAULT_RATIO : aspectRatio);
            } else {
                return error("input.resolution", "Runware takes a resolution as WIDTHxHEIGHT (1920x1080) or as 1080p");
            }
        }
        if (!model.allowsSize(size)) {
            return error(resolution != null ? "input.resolution" : "input.aspectRatio",
                    "Kling models take " + KLING_SIZES + ", not " + size.wire());
        }
        return new Outcome(size, null);
    }

    private static Outcome error(String field, String message) {
        return new Outcome(null, new FieldError(field, ErrorCodes.FIELD_INVALID, message));
    }
}
