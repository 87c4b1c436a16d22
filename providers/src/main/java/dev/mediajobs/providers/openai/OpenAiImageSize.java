package dev.mediajobs.providers.openai;

import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.PixelSize;
import java.util.List;

/**
 * Which {@code size} to send. {@code options.size} is OpenAI's own field and wins; otherwise the neutral
 * {@code input.resolution}, then {@code input.aspectRatio}, pick the documented size of the same orientation, so that
 * a job written for another image provider (document 001's fallback asks for {@code 1920x1080}) still fits DALL-E 3.
 */
final class OpenAiImageSize {

    /** The sizes document 000 lists for generations. */
    static final List<String> GENERATION_SIZES = List.of("1024x1024", "1792x1024", "1024x1792");
    /**
     * Sizes for edits: the document says only "Output size" and that the image must be square, so the square sizes
     * OpenAI's edit endpoint knows.
     */
    static final List<String> EDIT_SIZES = List.of("256x256", "512x512", "1024x1024");

    private OpenAiImageSize() {
    }

    /** The generation size to send, or null to leave it to OpenAI (1024x1024). Call only on a validated request. */
    static String forGeneration(ProviderRequest request) {
        if (request.options().get(OpenAiRequestRules.SIZE) instanceof String size) {
            return size;
        }
        String resolution = request.input().resolution();
        if (resolution != null) {
            return PixelSize.parse(resolution).map(OpenAiImageSize::sameOrientation).orElse(null);
        }
        String ratio = request.input().aspectRatio();
        if (ratio != null && PixelSize.isRatio(ratio)) {
            return sameOrientation(PixelSize.withLongSide(1792, ratio));
        }
        return null;
    }

    /** The edit size to send, or null to leave it to OpenAI. Call only on a validated request. */
    static String forEdit(ProviderRequest request) {
        if (request.options().get(OpenAiRequestRules.SIZE) instanceof String size) {
            return size;
        }
        return PixelSize.parse(request.input().resolution()).map(PixelSize::wire).orElse(null);
    }

    /** Whether an aspect ratio describes a square (1:1, 2:2, …). */
    static boolean isSquare(String aspectRatio) {
        return PixelSize.isRatio(aspectRatio) && PixelSize.withLongSide(1024, aspectRatio).hasAspectRatio("1:1");
    }

    private static String sameOrientation(PixelSize size) {
        if (size.width() > size.height()) {
            return "1792x1024";
        }
        return size.width() < size.height() ? "1024x1792" : "1024x1024";
    }
}
