package dev.mediajobs.simulator.assets;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** The "music": 3 seconds of 16-bit PCM mono WAV, six seeded notes of a pentatonic scale, each with a soft envelope. */
final class WavToneGenerator implements AssetGenerator {

    private static final int SAMPLE_RATE = 22_050;
    private static final int NOTES = 6;
    private static final int SAMPLES_PER_NOTE = SAMPLE_RATE / 2;
    private static final double[] PENTATONIC_HZ = {261.63, 293.66, 329.63, 392.00, 440.00, 523.25, 587.33, 659.25};
    private static final int HEADER_BYTES = 44;

    @Override
    public GeneratedAsset generate(long seed, String prompt) {
        Random random = new Random(seed);
        int samples = NOTES * SAMPLES_PER_NOTE;
        ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(wav, samples * 2);
        for (int n = 0; n < NOTES; n++) {
            double hz = PENTATONIC_HZ[random.nextInt(PENTATONIC_HZ.length)];
            for (int i = 0; i < SAMPLES_PER_NOTE; i++) {
                double t = (double) i / SAMPLE_RATE;
                double tone = StrictMath.sin(2 * StrictMath.PI * hz * t) + 0.3 * StrictMath.sin(4 * StrictMath.PI * hz * t);
                wav.putShort((short) (tone / 1.3 * envelope(i) * 0.6 * Short.MAX_VALUE));
            }
        }
        return new GeneratedAsset("audio/wav", wav.array());
    }

    /** Rises over 10 ms and fades out over the note, so notes do not click where they meet. */
    private static double envelope(int sample) {
        double attack = Math.min(1.0, sample / (SAMPLE_RATE * 0.01));
        double release = 1.0 - (double) sample / SAMPLES_PER_NOTE;
        return attack * release;
    }

    private static void writeHeader(ByteBuffer wav, int dataBytes) {
        wav.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        wav.put(ascii("fmt ")).putInt(16)
                .putShort((short) 1)              // PCM
                .putShort((short) 1)              // mono
                .putInt(SAMPLE_RATE)
                .putInt(SAMPLE_RATE * 2)          // bytes per second
                .putShort((short) 2)              // bytes per sample frame
                .putShort((short) 16);            // bits per sample
        wav.put(ascii("data")).putInt(dataBytes);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
