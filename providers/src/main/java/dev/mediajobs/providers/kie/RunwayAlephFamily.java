package dev.mediajobs.providers.kie;

/**
 * Runway Aleph (video-to-video): {@code POST /api/v1/runway/aleph/generate} as the document gives it. The document
 * names no status endpoint for Aleph; Kie's own Aleph API is polled at {@code GET /api/v1/aleph/record-info}
 * ({@code successFlag}, {@code response.resultVideoUrl}), so that is where this family asks.
 */
final class RunwayAlephFamily extends VideoEditFamily {

    static final String ID = "runway-aleph";

    RunwayAlephFamily() {
        super(ID, "Runway Aleph", "/api/v1/runway/aleph/generate", "/api/v1/aleph/record-info");
    }
}
