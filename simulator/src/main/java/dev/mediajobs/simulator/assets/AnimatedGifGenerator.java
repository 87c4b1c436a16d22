package dev.mediajobs.simulator.assets;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The "video": a looping animated GIF of 12 frames, 128x128, a plasma pattern drifting across a seeded palette.
 * Frames are palette images from the start, so the GIF writer does not have to quantise colours.
 */
final class AnimatedGifGenerator implements AssetGenerator {

    private static final int SIZE = 128;
    private static final int FRAMES = 12;
    private static final int FRAME_DELAY_CENTIS = 8;
    private static final int BANDS = 32;

    @Override
    public GeneratedAsset generate(long seed, String prompt) {
        Random random = new Random(seed);
        IndexColorModel palette = palette(random.nextInt(0x1000000), random.nextInt(0x1000000), random.nextInt(0x1000000));
        double scaleX = 8 + random.nextInt(16);
        double scaleY = 8 + random.nextInt(16);
        double scaleDiagonal = 12 + random.nextInt(24);

        List<BufferedImage> frames = new ArrayList<>(FRAMES);
        for (int f = 0; f < FRAMES; f++) {
            double phase = 2 * StrictMath.PI * f / FRAMES;
            // the three waves depend on x, y and x+y alone: tabulate them instead of 3 sines per pixel
            double[] waveX = new double[SIZE];
            double[] waveY = new double[SIZE];
            double[] waveDiagonal = new double[2 * SIZE - 1];
            for (int i = 0; i < SIZE; i++) {
                waveX[i] = StrictMath.sin(i / scaleX + phase);
                waveY[i] = StrictMath.sin(i / scaleY - phase);
            }
            for (int i = 0; i < waveDiagonal.length; i++) {
                waveDiagonal[i] = StrictMath.sin(i / scaleDiagonal + 2 * phase);
            }
            BufferedImage frame = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_INDEXED, palette);
            WritableRaster raster = frame.getRaster();
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double v = waveX[x] + waveY[y] + waveDiagonal[x + y];
                    // 32 bands instead of 256 shades: the LZW compression of GIF then keeps the file small
                    int band = (int) ((v + 3) / 6 * (BANDS - 1) + 0.5);
                    raster.setSample(x, y, 0, band * (255 / (BANDS - 1)));
                }
            }
            frames.add(frame);
        }
        return new GeneratedAsset("image/gif", ImageEncoding.animatedGif(frames, FRAME_DELAY_CENTIS));
    }

    /** 256 colours blending from a through b to c. */
    private static IndexColorModel palette(int a, int b, int c) {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] bl = new byte[256];
        for (int i = 0; i < 256; i++) {
            int color = i < 128 ? Colors.mix(a, b, i / 127.0) : Colors.mix(b, c, (i - 128) / 127.0);
            r[i] = (byte) (color >> 16);
            g[i] = (byte) (color >> 8);
            bl[i] = (byte) color;
        }
        return new IndexColorModel(8, 256, r, g, bl);
    }
}
