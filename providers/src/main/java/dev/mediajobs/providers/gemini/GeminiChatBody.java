package dev.mediajobs.providers.gemini;

import dev.mediajobs.providers.ProviderRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /chat/completions}: the document's {@code invokeLLM({messages: [...]})}, which is the
 * chat-completions shape ({@code model}, {@code messages} of {@code role} / {@code content}).
 */
final class GeminiChatBody {

    /** Options that shape the messages and are not sent as body fields. */
    private static final Set<String> MESSAGE_OPTIONS = Set.of(
            GeminiRequestRules.PURPOSE, GeminiRequestRules.SYSTEM, GeminiRequestRules.TECHNICAL_REQUIREMENTS);

    private GeminiChatBody() {
    }

    static Map<String, Object> of(ProviderRequest request, String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", messages(request));
        // provider-specific fields (temperature, max_tokens, top_p, response_format, ...) pass through as they are
        request.options().forEach((name, value) -> {
            if (!MESSAGE_OPTIONS.contains(name) && !GeminiRequestRules.RESERVED_OPTIONS.contains(name)) {
                body.put(name, value);
            }
        });
        return body;
    }

    private static List<Map<String, String>> messages(ProviderRequest request) {
        Map<String, Object> options = request.options();
        GeminiPurpose purpose = options.get(GeminiRequestRules.PURPOSE) instanceof String p ? GeminiPurpose.find(p).orElse(null) : null;
        String system = options.get(GeminiRequestRules.SYSTEM) instanceof String s ? s
                : purpose != null ? purpose.systemMessage() : null;
        String technical = options.get(GeminiRequestRules.TECHNICAL_REQUIREMENTS) instanceof String t ? t : null;
        String prompt = request.input().prompt();
        String user = purpose != null ? purpose.userMessage(prompt, technical) : prompt;

        List<Map<String, String>> messages = new ArrayList<>(2);
        if (system != null) {
            messages.add(message("system", system));
        }
        messages.add(message("user", user));
        return messages;
    }

    private static Map<String, String> message(String role, String content) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }
}
