package dev.mediajobs.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobInput;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The resolver without S3 (a deployment without uploads): the outbound checks and the field naming. */
class UploadInputResolverTests {

    private final UploadInputResolver resolver = new UploadInputResolver(null, OutboundPolicy.strict(), 1024,
            Duration.ofHours(1));

    @Test
    void publicAndNonHttpUrlsPassUnchangedAndNothingIsPending() {
        // a name that does not resolve is checked again when fetched; other schemes are the validator's to refuse
        JobInput input = input("https://8.8.8.8/a.png", "https://no-such-host.invalid/a.png", "ftp://files.example/a.png",
                "not a url");
        InputResolver.Resolution r = resolver.resolve("acme", input);
        assertThat(r.input()).isEqualTo(input);
        assertThat(r.pendingWrites()).isEmpty();
    }

    @Test
    void everyUnusableEntryIsNamedWithItsIndex() {
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> resolver.resolve("acme", input(
                "http://169.254.169.254/latest/meta-data/", "https://8.8.8.8/ok.png", "upload:" + java.util.UUID.randomUUID(),
                "data:image/png;base64,iVBORw0KGgo=", "http://[::1]/x", "http://2130706433/")));

        assertThat(p.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(p.errors()).extracting(FieldError::field, FieldError::code).containsExactly(
                tuple("input.imageUrls[0]", ErrorCodes.FIELD_INVALID),
                tuple("input.imageUrls[2]", ErrorCodes.FIELD_INVALID),
                tuple("input.imageUrls[3]", ErrorCodes.FIELD_INVALID),
                tuple("input.imageUrls[4]", ErrorCodes.FIELD_INVALID),
                tuple("input.imageUrls[5]", ErrorCodes.FIELD_INVALID));
        assertThat(p.errors().get(0).message()).startsWith("input.imageUrls[0] ").contains("169.254.169.254");
        assertThat(p.errors().get(1).message()).contains("no upload store");
    }

    @Test
    void tooManyEntriesAreLeftToTheValidator() {
        JobInput input = new JobInput("x", null, Collections.nCopies(17, "http://10.0.0.1/a.png"), null, null, null, null, null);
        assertThat(resolver.resolve("acme", input).input()).isEqualTo(input);
        assertThat(resolver.resolve("acme", JobInput.ofPrompt("x")).pendingWrites()).isEmpty();
    }

    private static JobInput input(String... urls) {
        return new JobInput("x", null, List.of(urls), null, null, null, null, null);
    }
}
