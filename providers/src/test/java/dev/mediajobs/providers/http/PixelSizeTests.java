package dev.mediajobs.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PixelSizeTests {

    @Test
    void parsesWidthByHeightOnly() {
        assertThat(PixelSize.parse("1920x1080")).contains(new PixelSize(1920, 1080));
        assertThat(PixelSize.parse(" 1280X720 ")).contains(new PixelSize(1280, 720));
        assertThat(PixelSize.parse("0x720")).isEmpty();
        assertThat(PixelSize.parse("1080p")).isEmpty();
        assertThat(PixelSize.parse(null)).isEmpty();
    }

    @Test
    void linesAreTheShorterSideInTheAspectRatio() {
        assertThat(PixelSize.ofResolution("1080p", null, "16:9")).contains(new PixelSize(1920, 1080));
        assertThat(PixelSize.ofResolution("720p", "9:16", "16:9")).contains(new PixelSize(720, 1280));
        assertThat(PixelSize.ofResolution("720p", "not a ratio", "16:9")).contains(new PixelSize(1280, 720));
        assertThat(PixelSize.ofResolution("800x600", "16:9", "16:9")).contains(new PixelSize(800, 600));
        assertThat(PixelSize.ofResolution("HD", null, "16:9")).isEmpty();
    }

    @Test
    void theLongSideKeepsTheAspectRatio() {
        assertThat(PixelSize.withLongSide(2048, "1:1")).isEqualTo(new PixelSize(2048, 2048));
        assertThat(PixelSize.withLongSide(1024, "9:16")).isEqualTo(new PixelSize(576, 1024));
        assertThat(PixelSize.withLongSide(4096, "16:9").wire()).isEqualTo("4096x2304");
    }

    @Test
    void aspectRatiosMatchWithinRounding() {
        assertThat(new PixelSize(1920, 1080).hasAspectRatio("16:9")).isTrue();
        assertThat(new PixelSize(1024, 439).hasAspectRatio("21:9")).isTrue();
        assertThat(new PixelSize(1920, 1080).hasAspectRatio("4:3")).isFalse();
        assertThat(PixelSize.isRatio("16:9")).isTrue();
        assertThat(PixelSize.isRatio("0:9")).isFalse();
        assertThat(PixelSize.isRatio("wide")).isFalse();
    }
}
