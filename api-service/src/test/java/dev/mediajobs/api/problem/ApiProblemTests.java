package dev.mediajobs.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.api.jobs.RequestPublishException;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ApiProblemTests {

    @Test
    void validationCodeIsTheFirstErrorsWhenAClientCanActOnIt() {
        FieldError unknownProvider = new FieldError("provider", ErrorCodes.UNKNOWN_PROVIDER, "unknown provider 'x'");
        FieldError missingPrompt = new FieldError("input.prompt", ErrorCodes.FIELD_REQUIRED, "input.prompt is required");

        ApiProblem first = ApiProblem.validation(List.of(unknownProvider, missingPrompt));
        assertThat(first.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(first.code()).isEqualTo(ErrorCodes.UNKNOWN_PROVIDER);

        ApiProblem second = ApiProblem.validation(List.of(missingPrompt, unknownProvider));
        assertThat(second.code()).isEqualTo(ErrorCodes.VALIDATION_FAILED);

        ProblemDetail detail = second.toProblemDetail();
        assertThat(detail.getType().toString()).isEqualTo("https://mediajobs.dev/problems/validation_failed");
        assertThat(detail.getStatus()).isEqualTo(422);
        assertThat(detail.getProperties()).containsEntry("code", "validation_failed")
                .containsEntry("field", "input.prompt")
                .containsEntry("errors", List.of(missingPrompt, unknownProvider));
        assertThat(detail.getDetail()).contains("input.prompt is required").contains("1 more problem");
    }

    @Test
    void kafkaOutagesAre503WithRetryAfterAndUnexpectedErrorsLeakNothing() {
        ApiExceptionHandler handler = new ApiExceptionHandler();

        ResponseEntity<Object> unavailable = handler.unavailable(new RequestPublishException("kafka down", new RuntimeException()));
        assertThat(unavailable.getStatusCode().value()).isEqualTo(503);
        assertThat(unavailable.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(unavailable.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(((ProblemDetail) unavailable.getBody()).getProperties()).containsEntry("code", ErrorCodes.UNAVAILABLE);

        ResponseEntity<Object> internal = handler.unexpected(new IllegalStateException("password=hunter2 at db.internal"));
        ProblemDetail body = (ProblemDetail) internal.getBody();
        assertThat(internal.getStatusCode().value()).isEqualTo(500);
        assertThat(body.getProperties()).containsEntry("code", ErrorCodes.INTERNAL);
        assertThat(body.getDetail()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
    }
}
