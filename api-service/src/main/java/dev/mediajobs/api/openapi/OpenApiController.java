package dev.mediajobs.api.openapi;

import dev.mediajobs.api.auth.ApiKeyAuthFilter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the hand-written OpenAPI 3.1 document of this API (public: no key needed to read the contract). */
@RestController
public class OpenApiController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final Resource DOCUMENT = new ClassPathResource("dev/mediajobs/api/openapi/openapi.yaml");

    @GetMapping(value = ApiKeyAuthFilter.OPENAPI_PATH)
    public ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok()
                .contentType(YAML)
                .cacheControl(CacheControl.noCache())
                .body(DOCUMENT);
    }
}
