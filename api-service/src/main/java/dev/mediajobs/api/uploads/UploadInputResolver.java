package dev.mediajobs.api.uploads;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.outbound.BlockedUrlException;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import dev.mediajobs.providers.validation.JobRequestValidator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code input.imageUrls}: {@code upload:<id>} must name one of the tenant's uploads, a {@code data:} URL is
 * decoded, size-capped and type-checked, and both become presigned GET URLs a provider can fetch. An http(s) URL stays
 * as it is but must pass the {@link OutboundPolicy}, so a request pointing at internal addresses is refused at once
 * instead of failing (or worse, succeeding) later in a service that fetches it.
 */
public class UploadInputResolver implements InputResolver {

    private static final Logger log = LoggerFactory.getLogger(UploadInputResolver.class);

    private final UploadStore store;
    private final OutboundPolicy policy;
    private final long maxInlineBytes;
    private final Duration urlLifetime;

    /** @param store null when this deployment has no S3: then only http(s) inputs are accepted */
    public UploadInputResolver(UploadStore store, OutboundPolicy policy, long maxInlineBytes, Duration urlLifetime) {
        this.store = store;
        this.policy = policy;
        this.maxInlineBytes = maxInlineBytes;
        this.urlLifetime = urlLifetime;
    }

    @Override
    public Resolution resolve(String tenant, JobInput input) {
        List<String> urls = input.imageUrls();
        if (urls.isEmpty() || urls.size() > JobRequestValidator.MAX_IMAGE_URLS) {
            return Resolution.unchanged(input); // too many: the validator says so, nothing to resolve
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> resolved = new ArrayList<>(urls.size());
        List<Runnable> writes = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String field = "input.imageUrls[" + i + "]";
            String url = urls.get(i);
            try {
                resolved.add(resolve(tenant, url, field, writes));
            } catch (InputRefused refused) {
                errors.add(new FieldError(field, refused.code, field + " " + refused.getMessage()));
                resolved.add(url);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new Resolution(new JobInput(input.prompt(), input.negativePrompt(), resolved, input.aspectRatio(),
                input.durationSeconds(), input.resolution(), input.seed(), input.loop()), writes);
    }

    private String resolve(String tenant, String url, String field, List<Runnable> writes) throws InputRefused {
        if (url == null) {
            return null;
        }
        if (url.regionMatches(true, 0, UploadStore.REFERENCE_PREFIX, 0, UploadStore.REFERENCE_PREFIX.length())) {
            String id = url.substring(UploadStore.REFERENCE_PREFIX.length());
            StoredUpload upload = uploads().find(tenant, id).orElseThrow(() -> new InputRefused(ErrorCodes.FIELD_INVALID,
                    "names no upload of this tenant (" + cut(url) + "); POST /v1/uploads answers the reference to use"));
            return presigned(upload, field);
        }
        if (DataUrl.isDataUrl(url)) {
            DataUrl data;
            try {
                data = DataUrl.parse(url, maxInlineBytes);
            } catch (DataUrl.InvalidDataUrlException e) {
                throw new InputRefused(e.tooLarge() ? ErrorCodes.FIELD_TOO_LONG : ErrorCodes.FIELD_INVALID, e.getMessage());
            }
            if (!UploadMediaTypes.matches(data.contentType(), head(data.bytes()))) {
                throw new InputRefused(ErrorCodes.FIELD_INVALID, "is not usable: "
                        + UploadStore.mismatch(data.contentType(), head(data.bytes())));
            }
            UploadStore uploads = uploads();
            StoredUpload upload = uploads.describeInline(tenant, data.contentType(), data.bytes());
            writes.add(() -> uploads.putInline(upload, data.bytes()));
            return presigned(upload, field);
        }
        if (url.length() <= JobRequestValidator.MAX_URL_CHARS) {
            checkOutbound(url, field);
        }
        // anything else (another scheme, too long, not a URL) is the validator's to report
        return url;
    }

    private void checkOutbound(String url, String field) throws InputRefused {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return;
        }
        try {
            policy.check(uri);
        } catch (BlockedUrlException e) {
            if ("unresolvable".equals(e.reason())) {
                // Not an SSRF risk now, and DNS may just be slow: whoever fetches the URL checks it again then.
                log.debug("{} does not resolve at submit; accepted, checked again when fetched", field);
                return;
            }
            // the message names the host or address and why, never the query (it may hold a token)
            throw new InputRefused(ErrorCodes.FIELD_INVALID, e.getMessage());
        }
    }

    private String presigned(StoredUpload upload, String field) throws InputRefused {
        String url = uploads().presign(upload, urlLifetime).url();
        if (url.length() > JobRequestValidator.MAX_URL_CHARS) {
            // only with a very long endpoint or bucket name; the operator must shorten them
            log.error("the presigned URL of upload {} is {} characters, above the {} job inputs allow; shorten "
                    + "mediajobs.s3.endpoint / bucket or mediajobs.s3.public-endpoint", upload.id(), url.length(),
                    JobRequestValidator.MAX_URL_CHARS);
            throw new InputRefused(ErrorCodes.FIELD_INVALID, "cannot be handed to a provider: its download URL would be "
                    + "longer than " + JobRequestValidator.MAX_URL_CHARS + " characters");
        }
        return url;
    }

    private UploadStore uploads() throws InputRefused {
        if (store == null) {
            throw new InputRefused(ErrorCodes.FIELD_INVALID,
                    "uses an upload, but this deployment has no upload store (mediajobs.s3.endpoint); use an https URL");
        }
        return store;
    }

    private static byte[] head(byte[] bytes) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, UploadMediaTypes.SNIFF_BYTES));
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** One input that cannot be used; becomes a field error. */
    private static final class InputRefused extends Exception {
        private final String code;

        InputRefused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
