package dev.mediajobs.providers.stability;

import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.http.InputFiles.InputFile;
import dev.mediajobs.providers.http.MultipartBody;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The form of {@code POST /image-to-video}: {@code image} (the downloaded file), and {@code seed}, {@code cfg_scale},
 * {@code motion_bucket_id} when the job gives them (Stability's defaults, 1.8 and 127, apply otherwise).
 */
final class StabilitySubmitBody {

    private StabilitySubmitBody() {
    }

    static MultipartBody of(ProviderRequest request, InputFile image) {
        String contentType = imageContentType(image.contentType());
        MultipartBody form = MultipartBody.create().file("image", "image." + extension(contentType), contentType, image.bytes());
        if (request.input().seed() != null) {
            form.field("seed", Long.toString(request.input().seed()));
        }
        BigDecimal cfgScale = StabilityRequestRules.decimal(request.options().get(StabilityRequestRules.CFG_SCALE));
        if (cfgScale != null) {
            form.field(StabilityRequestRules.CFG_SCALE, cfgScale.toPlainString());
        }
        BigDecimal motion = StabilityRequestRules.decimal(request.options().get(StabilityRequestRules.MOTION_BUCKET_ID));
        if (motion != null) {
            form.field(StabilityRequestRules.MOTION_BUCKET_ID, motion.toBigInteger().toString());
        }
        return form;
    }

    /** The host's declared image type without parameters; a generic or missing type is sent as octet-stream for Stability to judge. */
    private static String imageContentType(String declared) {
        if (declared == null) {
            return "application/octet-stream";
        }
        String type = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("image/") ? type : "application/octet-stream";
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            default -> "bin";
        };
    }
}
