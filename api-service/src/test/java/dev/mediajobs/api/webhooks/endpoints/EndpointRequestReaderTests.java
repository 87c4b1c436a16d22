package dev.mediajobs.api.webhooks.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.api.webhooks.EventTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EndpointRequestReaderTests {

    private static EndpointRequest read(String json) {
        return EndpointRequestReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiProblem problem(String json) {
        try {
            read(json);
        } catch (ApiProblem p) {
            return p;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void readsAValidBodyWithEventsInLifecycleOrder() {
        EndpointRequest r = read("""
                {"url":"https://hooks.example.com/mj?x=1","events":["job.failed","job.running","job.failed"],
                 "description":"ops"}""");

        assertThat(r.url().toString()).isEqualTo("https://hooks.example.com/mj?x=1");
        assertThat(r.events()).containsExactly("job.running", "job.failed");
        assertThat(r.description()).isEqualTo("ops");
        assertThat(read("{\"url\":\"http://h.example\"}").events()).as("all by default").isEqualTo(EventTypes.ALL);
    }

    @Test
    void everyProblemNamesItsField() {
        assertThat(problem("{}").errors().get(0).field()).isEqualTo("url");
        assertThat(problem("{\"url\":7}").errors().get(0).field()).isEqualTo("url");
        assertThat(problem("{\"url\":\"ftp://h.example/x\"}").errors().get(0).field()).isEqualTo("url");
        assertThat(problem("{\"url\":\"/relative\"}").errors().get(0).field()).isEqualTo("url");
        assertThat(problem("{\"url\":\"https://user:pw@h.example/\"}").getMessage()).contains("credentials").doesNotContain("pw");
        assertThat(problem("{\"url\":\"https://h.example/" + "a".repeat(2100) + "\"}").errors().get(0).field()).isEqualTo("url");
        assertThat(problem("{\"url\":\"https://h.example\",\"events\":[]}").errors().get(0).field()).isEqualTo("events");
        assertThat(problem("{\"url\":\"https://h.example\",\"events\":[\"job.queued\"]}").errors().get(0).field())
                .isEqualTo("events[0]");
        assertThat(problem("{\"url\":\"https://h.example\",\"description\":1}").errors().get(0).field()).isEqualTo("description");
        assertThat(problem("{\"url\":\"https://h.example\",\"secret\":\"mine\"}").errors().get(0).field()).isEqualTo("secret");
        assertThat(problem("[1]").status().value()).isEqualTo(400);
        assertThat(problem("not json").status().value()).isEqualTo(400);
    }
}
