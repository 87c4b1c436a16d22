package dev.mediajobs.api.uploads;

import dev.mediajobs.api.auth.AuthenticatedTenant;
import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.support.s3.MediajobsS3Properties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/uploads}: a reference image or video, as the raw body with its Content-Type or as the multipart field
 * {@code file}. The body is read here, not by Spring's multipart support, so it streams into S3 without spooling.
 */
@RestController
@RequestMapping("/v1/uploads")
public class UploadController {

    static final String FILE_FIELD = "file";
    private static final String MULTIPART = "multipart/form-data";
    private static final String OCTET_STREAM = "application/octet-stream";

    private final ObjectProvider<UploadStore> stores;
    private final UploadProperties properties;
    private final Duration downloadUrlLifetime;

    /** @param s3 its {@code presign-expiry} is the lifetime of the download URLs this controller hands out */
    public UploadController(ObjectProvider<UploadStore> stores, UploadProperties properties, MediajobsS3Properties s3) {
        this.stores = stores;
        this.properties = properties;
        this.downloadUrlLifetime = s3.getPresignExpiry();
    }

    /** 201 with the stored upload; 413 beyond the limit; 415 for other types or bytes that are not the declared type. */
    @PostMapping
    public ResponseEntity<UploadResponse> upload(AuthenticatedTenant tenant, HttpServletRequest request) throws IOException {
        UploadStore store = store();
        long maxBytes = properties.getMaxBytes().toBytes();
        String contentType = request.getContentType();
        StoredUpload upload;
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(MULTIPART)) {
            upload = multipart(store, tenant.id(), contentType, request.getInputStream(), maxBytes);
        } else {
            if (request.getContentLengthLong() > maxBytes) {
                throw store.tooLarge(maxBytes);
            }
            upload = store.store(tenant.id(), contentType, request.getInputStream(), maxBytes, UploadStore.Source.RAW);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/uploads/" + upload.id()))
                .body(UploadResponse.of(upload, store.presign(upload, downloadUrlLifetime)));
    }

    /** The tenant's upload with a fresh download URL; 404 for unknown ids and for other tenants' uploads. */
    @GetMapping("/{id}")
    public UploadResponse get(AuthenticatedTenant tenant, @PathVariable String id) {
        UploadStore store = store();
        StoredUpload upload = store.find(tenant.id(), id)
                .orElseThrow(() -> ApiProblem.notFound("no upload " + cut(id) + " for this tenant"));
        return UploadResponse.of(upload, store.presign(upload, downloadUrlLifetime));
    }

    private static StoredUpload multipart(UploadStore store, String tenant, String contentType, InputStream body,
                                          long maxBytes) throws IOException {
        String boundary = MultipartFileReader.boundary(contentType).orElseThrow(() ->
                ApiProblem.malformedBody(null, "a multipart/form-data Content-Type needs a boundary parameter"));
        InputStream content;
        String type;
        try {
            Optional<MultipartFileReader.FilePart> part = MultipartFileReader.find(body, boundary, FILE_FIELD);
            if (part.isEmpty()) {
                String message = "the multipart body has no field '" + FILE_FIELD + "'";
                throw store.rejected("malformed", new ApiProblem(HttpStatus.BAD_REQUEST, ErrorCodes.FIELD_REQUIRED,
                        message, List.of(new FieldError(FILE_FIELD, ErrorCodes.FIELD_REQUIRED, message)), Map.of()));
            }
            content = part.get().content();
            type = UploadMediaTypes.normalize(part.get().contentType());
            if (type == null || type.equals(OCTET_STREAM)) {
                // a form that gives its file no type: take the type the bytes show (if none, store() answers 415)
                byte[] head = content.readNBytes(UploadMediaTypes.SNIFF_BYTES);
                type = UploadMediaTypes.detect(head).orElse(type);
                content = new SequenceInputStream(new ByteArrayInputStream(head), content);
            }
        } catch (MultipartFileReader.MalformedMultipartException e) {
            throw store.rejected("malformed", ApiProblem.malformedBody(null, e.getMessage()));
        }
        return store.store(tenant, type, content, maxBytes, UploadStore.Source.MULTIPART);
    }

    private UploadStore store() {
        UploadStore store = stores.getIfAvailable();
        if (store == null) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.UNAVAILABLE,
                    "uploads are not enabled: this deployment has no S3 store (mediajobs.s3.endpoint)");
        }
        return store;
    }

    private static String cut(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
