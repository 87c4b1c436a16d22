package dev.mediajobs.providers.gemini;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The three text tasks of the document, each with its system message and its way of wording the user message, copied
 * from the document's examples so that {@code options.purpose} gives the same answers the studio got.
 */
enum GeminiPurpose {
    SCRIPT("script", "You are a professional screenwriter. Generate a screenplay based on the brief provided.", "Project Brief: "),
    VISUAL_STYLE("visual-style", "You are a cinematographer. Describe the visual style and cinematography approach.", "Brief: "),
    IMAGE_PROMPT("image-prompt", "You are a visual effects artist. Generate a detailed image prompt for this shot.", "Shot: ");

    private final String wireName;
    private final String systemMessage;
    private final String userPrefix;

    GeminiPurpose(String wireName, String systemMessage, String userPrefix) {
        this.wireName = wireName;
        this.systemMessage = systemMessage;
        this.userPrefix = userPrefix;
    }

    String systemMessage() {
        return systemMessage;
    }

    /** The user message: {@code Project Brief: …}, {@code Brief: …\nTechnical Requirements: …} or {@code Shot: …}. */
    String userMessage(String prompt, String technicalRequirements) {
        String message = userPrefix + prompt;
        return this == VISUAL_STYLE && technicalRequirements != null ? message + "\nTechnical Requirements: " + technicalRequirements : message;
    }

    static Optional<GeminiPurpose> find(String wireName) {
        return Arrays.stream(values()).filter(p -> p.wireName.equalsIgnoreCase(wireName.trim())).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(p -> p.wireName).toList();
    }
}
