package dev.mediajobs.simulator.assets;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/** A 256x256 PNG: a diagonal gradient between two seeded colours with seeded ripples over it. */
final class PngImageGenerator implements AssetGenerator {

    private static final int SIZE = 256;

    @Override
    public GeneratedAsset generate(long seed, String prompt) {
        Random random = new Random(seed);
        int from = random.nextInt(0x1000000);
        int to = random.nextInt(0x1000000);
        double centreX = random.nextInt(SIZE);
        double centreY = random.nextInt(SIZE);
        double wavelength = 6 + random.nextInt(20);

        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double along = (x + y) / (2.0 * (SIZE - 1));
                // sqrt is exactly rounded on every JVM, and much cheaper than hypot
                double distance = StrictMath.sqrt((x - centreX) * (x - centreX) + (y - centreY) * (y - centreY));
                double ripple = 0.75 + 0.25 * StrictMath.sin(distance / wavelength);
                pixels[y * SIZE + x] = Colors.scale(Colors.mix(from, to, along), ripple);
            }
        }
        return new GeneratedAsset("image/png", ImageEncoding.png(image));
    }
}
