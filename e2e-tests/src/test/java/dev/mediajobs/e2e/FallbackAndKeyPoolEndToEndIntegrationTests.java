package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.providers.nanobanana.NanobananaWireFake;
import dev.mediajobs.providers.openai.OpenAiWireFake;
import dev.mediajobs.support.limits.KeyBench;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.testing.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * A key pool and a fallback chain carrying jobs through a provider that answers 402 for one key, through all four
 * services: OpenAI with two keys of which {@code k1} is out of credits (the OpenAI wire fake), and Nanobanana whose
 * only key is out of credits (a canned 402 in Nanobanana's error shape) with OpenAI as the jobs' fallback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FallbackAndKeyPoolEndToEndIntegrationTests {

    private static final String TENANT_KEY = "mj_test_fallback_" + UUID.randomUUID();
    private static final String OPENAI_K1 = "sk-k1-without-credit-" + UUID.randomUUID();
    private static final String OPENAI_K2 = "sk-k2-" + UUID.randomUUID();
    private static final String NANOBANANA_KEY = "nb-without-credit-" + UUID.randomUUID();

    private static OpenAiWireFake openai;
    private static NanobananaWireFake nanobanana;
    private static MediajobsStack stack;
    private static MediajobsApi api;

    @BeforeAll
    static void start() {
        openai = OpenAiWireFake.start(OPENAI_K2);
        openai.outOfCredits(OPENAI_K1);
        nanobanana = NanobananaWireFake.start(NANOBANANA_KEY);
        nanobanana.outOfCredits(NANOBANANA_KEY);

        Map<String, Object> props = new LinkedHashMap<>(TestInfrastructure.isolatedTopics("fallback-" + UUID.randomUUID()));
        props.put("mediajobs.s3.bucket", "fallback-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(TENANT_KEY));
        props.put("mediajobs.providers.openai.base-url", openai.baseUrl());
        props.put("mediajobs.providers.openai.api-keys.k1", OPENAI_K1);
        props.put("mediajobs.providers.openai.api-keys.k2", OPENAI_K2);
        // a paid tier: the documented free-tier 5 images per minute would make the later jobs wait a minute
        props.put("mediajobs.providers.openai.limits.submits-per-minute", 600);
        props.put("mediajobs.providers.nanobanana.base-url", nanobanana.baseUrl());
        props.put("mediajobs.providers.nanobanana.api-key", NANOBANANA_KEY);
        props.put("mediajobs.providers.nanobanana.limits.requests-per-minute", 0); // the document's 10/min would pace the test
        stack = new MediajobsStack(props).start();
        api = new MediajobsApi(stack.baseUrl(Service.API), TENANT_KEY);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (openai != null) {
            openai.close();
        }
        if (nanobanana != null) {
            nanobanana.close();
        }
    }

    @Test
    @Order(1)
    void aKeyPoolCarriesJobsPastAKeyThatIsOutOfCredits() throws Exception {
        // one at a time until k1 has had its turn in the rotation (two jobs), then several at once
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = api.submit(openAiJob("a lighthouse at dusk, take " + i, Map.of()));
            api.awaitTerminal(List.of(id), Duration.ofMinutes(1));
            jobs.add(id);
        }
        for (int i = 0; i < 4; i++) {
            jobs.add(api.submit(openAiJob("a red fox in the snow, take " + i, Map.of())));
        }

        Map<String, JsonNode> done = api.awaitTerminal(jobs, Duration.ofMinutes(2));

        JobViewStore views = stack.bean(Service.API, JobViewStore.class);
        for (String id : jobs) {
            assertThat(done.get(id).path("state").asString()).as("job %s: %s", id, done.get(id)).isEqualTo("succeeded");
            assertThat(done.get(id).path("provider").asString()).isEqualTo("openai");
            Job job = views.find(id).orElseThrow();
            assertThat(job.providerKeyId()).as("the key that submitted job %s", id).isEqualTo("k2");
            MediajobsApi.downloadVerified(done.get(id));
        }
        assertThat(openai.requestsWithKey(OPENAI_K1)).as("k1 is asked once, then benched").isEqualTo(1);
        assertThat(stack.bean(Service.DISPATCHER, KeyBench.class).find(new LimitScope("openai", "k1")))
                .hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("credits (HTTP 402)"));
        MeterRegistry meters = stack.bean(Service.DISPATCHER, MeterRegistry.class);
        assertThat(count(meters, "mediajobs.dispatcher.keys.benched", "provider", "openai", "key", "k1", "reason", "credits"))
                .isEqualTo(1);
        assertThat(count(meters, "mediajobs.provider.requests", "provider", "openai", "key", "k1", "call", "submit",
                "outcome", "credits")).isEqualTo(1);
        assertThat(count(meters, "mediajobs.provider.requests", "provider", "openai", "key", "k2", "call", "submit",
                "outcome", "ok")).isEqualTo(jobs.size());
    }

    @Test
    @Order(2)
    void aFallbackChainCarriesJobsPastAProviderWhoseOnlyKeyIsOutOfCredits() throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(api.submit(nanobananaJob("a paper boat on a pond, take " + i, Map.of("fallbacks", List.of("openai")))));
        }

        Map<String, JsonNode> done = api.awaitTerminal(jobs, Duration.ofMinutes(2));

        for (String id : jobs) {
            JsonNode job = done.get(id);
            assertThat(job.path("state").asString()).as("job %s: %s", id, job).isEqualTo("succeeded");
            assertThat(job.path("provider").asString()).isEqualTo("openai");
            assertThat(job.path("model").asString()).isEqualTo("dall-e-3");
            assertThat(job.path("result").path("fallbackFrom").valueStream().map(JsonNode::asString).toList())
                    .containsExactly("nanobanana");
            MediajobsApi.downloadVerified(job);
        }
        assertThat(nanobanana.received()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + NANOBANANA_KEY));
        assertThat(stack.bean(Service.DISPATCHER, KeyBench.class).isBenched(new LimitScope("nanobanana", "default"))).isTrue();
        assertThat(count(stack.bean(Service.DISPATCHER, MeterRegistry.class), "mediajobs.dispatcher.fallbacks",
                "from", "nanobanana", "to", "openai", "reason", "credits")).isEqualTo(jobs.size());
    }

    @Test
    @Order(3)
    void aRequestTheFallbackCannotTakeIsRefusedAtSubmitNamingTheEntry() throws Exception {
        // steps is a Nanobanana option; OpenAI knows no such field
        HttpResponse<String> response = api.post("/v1/jobs", JsonCodec.toJson(nanobananaJob("a kite over the dunes",
                Map.of("steps", 20, "fallbacks", List.of("openai")))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode problem = JsonCodec.mapper().readTree(response.body());
        assertThat(problem.path("field").asString()).isEqualTo("options.fallbacks[0]");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("openai", "options.steps");
    }

    @Test
    @Order(4)
    void aJobThePrimaryRefusesAsInvalidDoesNotFallBack() throws Exception {
        int nanobananaCalls = nanobanana.received().size();
        String id = api.submit(openAiJob("a castle " + OpenAiWireFake.POLICY_VIOLATION, Map.of("fallbacks", List.of("nanobanana"))));

        JsonNode job = api.awaitTerminal(List.of(id), Duration.ofMinutes(1)).get(id);

        assertThat(job.path("state").asString()).isEqualTo("failed");
        assertThat(job.path("provider").asString()).isEqualTo("openai");
        assertThat(job.path("error").path("code").asString()).isEqualTo("invalid_request");
        assertThat(nanobanana.received()).hasSize(nanobananaCalls);
    }

    private static Map<String, Object> openAiJob(String prompt, Map<String, Object> options) {
        return job("openai", prompt, options);
    }

    private static Map<String, Object> nanobananaJob(String prompt, Map<String, Object> options) {
        return job("nanobanana", prompt, options);
    }

    private static Map<String, Object> job(String provider, String prompt, Map<String, Object> options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("operation", "text-to-image");
        body.put("input", Map.of("prompt", prompt));
        body.put("options", options);
        return body;
    }

    private static double count(MeterRegistry meters, String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
