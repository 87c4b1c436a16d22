package dev.mediajobs.providers.kie;

/**
 * Luma Ray 2 video modification: {@code POST /api/v1/modify/generate} and {@code GET /api/v1/modify/record-info}.
 * The document shows no record; it is read like Kie's other successFlag records ({@code response.resultUrls}).
 */
final class LumaModifyFamily extends VideoEditFamily {

    static final String ID = "luma-modify";

    LumaModifyFamily() {
        super(ID, "Luma Ray 2 modify", "/api/v1/modify/generate", "/api/v1/modify/record-info");
    }
}
