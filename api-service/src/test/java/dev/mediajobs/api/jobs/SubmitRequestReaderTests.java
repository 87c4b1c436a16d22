package dev.mediajobs.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class SubmitRequestReaderTests {

    private final SubmitRequestReader reader = new SubmitRequestReader(1024);

    private SubmitJobRequest parse(String json) {
        return reader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private ApiProblem problem(String json) {
        return catchThrowableOfType(ApiProblem.class, () -> parse(json));
    }

    @Test
    void readsAWellFormedRequest() {
        SubmitJobRequest r = parse("""
                {"provider":"simulator","model":"sim-image-1","operation":"text-to-image",
                 "input":{"prompt":"a cat","imageUrls":["https://x.example/a.png"],"durationSeconds":5,"seed":42,"loop":true},
                 "options":{"anything":{"goes":[1,"two",null]},"quality":"high"},
                 "webhookUrl":"https://hooks.example/x"}
                """);
        assertThat(r.provider()).isEqualTo("simulator");
        assertThat(r.input().durationSeconds()).isEqualTo(5);
        assertThat(r.input().seed()).isEqualTo(42L);
        assertThat(r.input().loop()).isTrue();
        assertThat(r.options()).containsEntry("quality", "high").containsKey("anything");
    }

    @Test
    void unknownTopLevelFieldIsNamed() {
        ApiProblem p = problem("{\"provider\":\"simulator\",\"operaton\":\"text-to-image\"}");
        assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(p.code()).isEqualTo(ErrorCodes.MALFORMED_BODY);
        assertThat(p.errors().get(0).field()).isEqualTo("operaton");
        assertThat(p.getMessage()).contains("operaton").contains("operation");
    }

    @Test
    void unknownInputFieldIsNamedButOptionsAreFree() {
        assertThat(problem("{\"input\":{\"promt\":\"x\"}}").errors().get(0).field()).isEqualTo("input.promt");
        assertThat(parse("{\"options\":{\"promt\":\"x\"}}").options()).isEqualTo(Map.of("promt", "x"));
    }

    @Test
    void wrongTypesAreNamedInWords() {
        ApiProblem p = problem("{\"input\":{\"prompt\":\"x\",\"durationSeconds\":\"ten\"}}");
        assertThat(p.errors().get(0).field()).isEqualTo("input.durationSeconds");
        assertThat(p.getMessage()).isEqualTo("input.durationSeconds must be an integer");

        assertThat(problem("{\"input\":{\"durationSeconds\":\"10\"}}").errors().get(0).field())
                .as("no string-to-number coercion").isEqualTo("input.durationSeconds");
        assertThat(problem("{\"input\":{\"durationSeconds\":2.5}}").errors().get(0).field()).isEqualTo("input.durationSeconds");
        assertThat(problem("{\"input\":{\"prompt\":42}}").errors().get(0).field())
                .as("no number-to-string coercion").isEqualTo("input.prompt");
        assertThat(problem("{\"input\":{\"loop\":\"yes\"}}").errors().get(0).field()).isEqualTo("input.loop");
        assertThat(problem("{\"input\":{\"imageUrls\":\"https://x.example/a.png\"}}").getMessage())
                .isEqualTo("input.imageUrls must be an array");
        assertThat(problem("{\"input\":{\"imageUrls\":[\"a\", 3]}}").errors().get(0).field()).isEqualTo("input.imageUrls[1]");
        assertThat(problem("{\"options\":[]}").getMessage()).isEqualTo("options must be an object");
        assertThat(problem("{\"provider\":{}}").getMessage()).isEqualTo("provider must be a string");
    }

    @Test
    void malformedJsonIsA400WithoutJavaTypeNames() {
        ApiProblem p = problem("{\"provider\": \"simulator\", \"operation\": }");
        assertThat(p.code()).isEqualTo(ErrorCodes.MALFORMED_BODY);
        assertThat(p.getMessage()).startsWith("the request body is not valid JSON").doesNotContain("java.", "tools.jackson");
        assertThat(p.errors().get(0).field()).isEqualTo("operation");
        assertThat(problem("{\"input\":{\"imageUrls\":[\"a\", nope]}}").errors().get(0).field()).isEqualTo("input.imageUrls[1]");
        assertThat(problem("{\"provider\": \"simulator\"").errors().get(0).field()).as("cut off").isNull();

        assertThat(problem("[1,2]").getMessage()).isEqualTo("the request body must be a JSON object");
        assertThat(problem("   ").getMessage()).contains("empty");
        assertThat(problem("null").code()).isEqualTo(ErrorCodes.MALFORMED_BODY);
        assertThat(problem("{\"provider\":\"a\"} {\"provider\":\"b\"}").code()).as("trailing content").isEqualTo(ErrorCodes.MALFORMED_BODY);
        assertThat(problem("{\"provider\":\"a\",\"provider\":\"b\"}").code()).as("duplicate keys").isEqualTo(ErrorCodes.MALFORMED_BODY);
    }

    @Test
    void bodiesOverTheLimitAre413WhetherDeclaredOrChunked() {
        byte[] big = ("{\"input\":{\"prompt\":\"" + "x".repeat(2000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        ApiProblem declared = catchThrowableOfType(ApiProblem.class, () -> reader.read(new ByteArrayInputStream(big), big.length));
        ApiProblem chunked = catchThrowableOfType(ApiProblem.class, () -> reader.read(new ByteArrayInputStream(big), -1));
        assertThat(declared.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(declared.code()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
        assertThat(chunked.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);

        byte[] small = "{\"provider\":\"simulator\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(reader.read(new ByteArrayInputStream(small), -1).provider()).isEqualTo("simulator");
    }

    @Test
    void inlineDataUrlsMayExceedTheLimitButNothingElseMay() {
        SubmitRequestReader withInline = new SubmitRequestReader(1024, 3000);
        String data = "data:image/png;base64," + "A".repeat(4000); // the base64 text of 3000 bytes
        byte[] inline = ("{\"input\":{\"prompt\":\"x\",\"imageUrls\":[\"" + data + "\"]}}").getBytes(StandardCharsets.UTF_8);
        assertThat(withInline.read(new ByteArrayInputStream(inline), inline.length).input().imageUrls()).containsExactly(data);

        byte[] padded = ("{\"input\":{\"prompt\":\"" + "x".repeat(2000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        ApiProblem notInline = catchThrowableOfType(ApiProblem.class,
                () -> withInline.read(new ByteArrayInputStream(padded), padded.length));
        assertThat(notInline.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);

        byte[] twice = ("{\"input\":{\"prompt\":\"x\",\"imageUrls\":[\"" + data + "\",\"" + data + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        ApiProblem tooMuch = catchThrowableOfType(ApiProblem.class, () -> withInline.read(new ByteArrayInputStream(twice), -1));
        assertThat(tooMuch.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(tooMuch.getMessage()).contains("POST /v1/uploads");
    }
}
