package dev.mediajobs.providers.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A width × height in pixels, for providers that take a size where the neutral input has a {@code resolution}
 * ({@code 1920x1080}, {@code 1080p}, {@code 2K}) and an {@code aspectRatio} ({@code 16:9}).
 */
public record PixelSize(int width, int height) {

    private static final Pattern WIDTH_X_HEIGHT = Pattern.compile("(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})");
    private static final Pattern LINES = Pattern.compile("(\\d{3,4})[pP]");
    private static final Pattern RATIO = Pattern.compile("(\\d{1,4}):(\\d{1,4})");
    /** How far a size may be from an aspect ratio and still count as that ratio: rounding, not a different shape. */
    private static final double RATIO_TOLERANCE = 0.01;

    /** {@code 1920x1080} (or {@code 1920X1080}), both sides positive. */
    public static Optional<PixelSize> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = WIDTH_X_HEIGHT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        return w > 0 && h > 0 ? Optional.of(new PixelSize(w, h)) : Optional.empty();
    }

    /**
     * {@code WIDTHxHEIGHT} as it is, or {@code <N>p} (e.g. {@code 1080p}: N is the shorter side) in the aspect ratio,
     * {@code defaultAspectRatio} when none is given.
     */
    public static Optional<PixelSize> ofResolution(String resolution, String aspectRatio, String defaultAspectRatio) {
        Optional<PixelSize> explicit = parse(resolution);
        if (explicit.isPresent() || resolution == null) {
            return explicit;
        }
        Matcher m = LINES.matcher(resolution.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(withShortSide(Integer.parseInt(m.group(1)), isRatio(aspectRatio) ? aspectRatio : defaultAspectRatio));
    }

    /** Whether the text is an aspect ratio like {@code 16:9} with both terms positive. */
    public static boolean isRatio(String aspectRatio) {
        return ratio(aspectRatio) != null;
    }

    /** The size whose longer side is {@code longSide}, in the given aspect ratio. */
    public static PixelSize withLongSide(int longSide, String aspectRatio) {
        double r = ratioOrFail(aspectRatio);
        return r >= 1 ? new PixelSize(longSide, (int) Math.round(longSide / r)) : new PixelSize((int) Math.round(longSide * r), longSide);
    }

    /** The size whose shorter side is {@code shortSide} (e.g. 1080 for 1080p), in the given aspect ratio. */
    public static PixelSize withShortSide(int shortSide, String aspectRatio) {
        double r = ratioOrFail(aspectRatio);
        return r >= 1 ? new PixelSize((int) Math.round(shortSide * r), shortSide) : new PixelSize(shortSide, (int) Math.round(shortSide / r));
    }

    /** Whether this size has (about) the given aspect ratio. */
    public boolean hasAspectRatio(String aspectRatio) {
        Double r = ratio(aspectRatio);
        return r != null && Math.abs((double) width / height - r) / r < RATIO_TOLERANCE;
    }

    public int longSide() {
        return Math.max(width, height);
    }

    /** The {@code WIDTHxHEIGHT} form. */
    public String wire() {
        return width + "x" + height;
    }

    private static double ratioOrFail(String aspectRatio) {
        Double r = ratio(aspectRatio);
        if (r == null) {
            throw new IllegalArgumentException("not an aspect ratio like 16:9: " + aspectRatio);
        }
        return r;
    }

    private static Double ratio(String aspectRatio) {
        if (aspectRatio == null) {
            return null;
        }
        Matcher m = RATIO.matcher(aspectRatio.trim());
        if (!m.matches()) {
            return null;
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        return w > 0 && h > 0 ? (double) w / h : null;
    }
}
