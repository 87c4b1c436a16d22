package dev.mediajobs.simulator.assets;

/** Integer arithmetic on packed 0xRRGGBB colours. */
final class Colors {

    private Colors() {
    }

    /** The colour {@code share} of the way from {@code from} to {@code to}. */
    static int mix(int from, int to, double share) {
        return rgb(channel(from, 16) + (channel(to, 16) - channel(from, 16)) * share,
                channel(from, 8) + (channel(to, 8) - channel(from, 8)) * share,
                channel(from, 0) + (channel(to, 0) - channel(from, 0)) * share);
    }

    static int scale(int color, double factor) {
        return rgb(channel(color, 16) * factor, channel(color, 8) * factor, channel(color, 0) * factor);
    }

    private static int channel(int color, int shift) {
        return (color >> shift) & 0xFF;
    }

    private static int rgb(double r, double g, double b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
