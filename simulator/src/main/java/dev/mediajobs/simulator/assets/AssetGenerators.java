package dev.mediajobs.simulator.assets;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Operation;
import java.nio.ByteBuffer;

/** Which generator serves which operation, and the seed of a task. */
public final class AssetGenerators {

    private static final AssetGenerator IMAGE = new PngImageGenerator();
    private static final AssetGenerator VIDEO = new AnimatedGifGenerator();
    private static final AssetGenerator MUSIC = new WavToneGenerator();
    private static final AssetGenerator TEXT = new TextScriptGenerator();

    private AssetGenerators() {
    }

    public static AssetGenerator forOperation(Operation operation) {
        return switch (operation) {
            case TEXT_TO_IMAGE, IMAGE_TO_IMAGE -> IMAGE;
            case TEXT_TO_VIDEO, IMAGE_TO_VIDEO, VIDEO_TO_VIDEO -> VIDEO;
            case MUSIC -> MUSIC;
            case TEXT -> TEXT;
        };
    }

    /** A seed from the task id: every task looks different, and the same task always looks the same. */
    public static long seedOf(String taskId) {
        return ByteBuffer.wrap(Hashing.newSha256().digest(taskId.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getLong();
    }
}
