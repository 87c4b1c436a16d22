package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.providers.kie.KieWireFake;
import dev.mediajobs.providers.luma.LumaWireFake;
import dev.mediajobs.providers.runware.RunwareWireFake;
import dev.mediajobs.providers.runway.RunwayWireFake;
import dev.mediajobs.providers.stability.StabilityWireFake;
import dev.mediajobs.support.testing.TestInfrastructure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Jobs for Runway, Luma, Stability, Kie and Runware through all four services, each against an HTTP fake that speaks
 * its provider's documented protocol: submit, poll on the provider's schedule, archive in S3. Stability's result is the
 * video bytes in the poll answer, so its job also proves inline outputs are staged and archived.
 */
class ProviderWireEndToEndIntegrationTests {

    private static final String TENANT_KEY = "mj_test_wire_" + UUID.randomUUID();

    private static RunwayWireFake runway;
    private static LumaWireFake luma;
    private static StabilityWireFake stability;
    private static KieWireFake kie;
    private static RunwareWireFake runware;
    private static MediajobsStack stack;
    private static MediajobsApi api;

    @BeforeAll
    static void start() {
        String runwayKey = "runway-" + UUID.randomUUID();
        String lumaKey = "luma-" + UUID.randomUUID();
        String stabilityKey = "stability-" + UUID.randomUUID();
        runway = RunwayWireFake.start(runwayKey);
        luma = LumaWireFake.start(lumaKey);
        stability = StabilityWireFake.start(stabilityKey);
        kie = KieWireFake.start("kie-" + UUID.randomUUID());
        runware = RunwareWireFake.start("runware-" + UUID.randomUUID());

        Map<String, Object> props = new LinkedHashMap<>(TestInfrastructure.isolatedTopics("wire-" + UUID.randomUUID()));
        props.put("mediajobs.s3.bucket", "wire-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("mediajobs.api.tenants.acme.key-sha256", Hashing.sha256Hex(TENANT_KEY));
        configure(props, "runway", runway.baseUrl(), runwayKey);
        configure(props, "luma", luma.baseUrl(), lumaKey);
        configure(props, "stability", stability.baseUrl(), stabilityKey);
        configure(props, "kie", kie.baseUrl(), kie.apiKey());
        configure(props, "runware", runware.baseUrl(), runware.apiKey());
        stack = new MediajobsStack(props).start();
        api = new MediajobsApi(stack.baseUrl(Service.API), TENANT_KEY);
    }

    /** Points a provider at its fake and polls every second, so the test does not wait out real poll intervals. */
    private static void configure(Map<String, Object> props, String provider, String baseUrl, String apiKey) {
        props.put("mediajobs.providers." + provider + ".base-url", baseUrl);
        props.put("mediajobs.providers." + provider + ".api-key", apiKey);
        props.put("mediajobs.providers." + provider + ".poll-interval", "1s");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        for (AutoCloseable fake : new AutoCloseable[] {runway, luma, stability, kie, runware}) {
            try {
                if (fake != null) {
                    fake.close();
                }
            } catch (Exception ignored) {
                // the JVM ends anyway
            }
        }
    }

    @Test
    void aJobPerProviderIsSubmittedPolledAndArchived() throws Exception {
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put(api.submit(job("runway", "gen3a_turbo", "text-to-video",
                Map.of("prompt", "a butterfly in a magical forest", "durationSeconds", 5, "aspectRatio", "16:9"))), "runway");
        jobs.put(api.submit(job("luma", null, "text-to-video",
                Map.of("prompt", "a cinematic shot of a sunset over the ocean", "aspectRatio", "16:9"))), "luma");
        jobs.put(api.submit(job("stability", null, "image-to-video",
                Map.of("imageUrls", List.of(stability.inputUrl(StabilityWireFake.PNG)), "seed", 42))), "stability");
        jobs.put(api.submit(job("kie", "veo3_fast", "text-to-video",
                Map.of("prompt", "a cinematic drone shot of a waterfall", "aspectRatio", "16:9"))), "kie");
        jobs.put(api.submit(job("runware", "klingai:5@3", "text-to-video",
                Map.of("prompt", "a serene beach with gentle waves", "durationSeconds", 5, "aspectRatio", "16:9"))), "runware");

        Map<String, JsonNode> done = api.awaitTerminal(jobs.keySet(), Duration.ofMinutes(3));

        for (Map.Entry<String, String> e : jobs.entrySet()) {
            JsonNode job = done.get(e.getKey());
            assertThat(job.path("state").asString()).as("%s job: %s", e.getValue(), job).isEqualTo("succeeded");
            assertThat(job.path("provider").asString()).isEqualTo(e.getValue());
            assertThat(job.path("providerTaskId").asString()).isNotBlank();
            MediajobsApi.downloadVerified(job);
        }
        assertThat(runware.receivedTasks()).anySatisfy(t -> assertThat(t.path("taskType").asString()).isEqualTo("videoInference"));
        assertThat(kie.received()).isNotEmpty();
        assertThat(runway.received()).anySatisfy(r -> assertThat(r.header("X-Runway-Version")).isNotBlank());
    }

    @Test
    void providersListsAllElevenWithTheirConfiguration() throws Exception {
        JsonNode providers = JsonCodec.mapper().readTree(api.get("/v1/providers").body()).path("items");

        Map<String, Boolean> configured = new LinkedHashMap<>();
        providers.valueStream().forEach(p -> configured.put(p.path("id").asString(), p.path("configured").asBoolean()));
        assertThat(configured.keySet()).containsExactlyInAnyOrder("simulator", "openai", "runway", "stability", "luma",
                "gemini", "nanobanana", "sora", "veo3", "kie", "runware");
        assertThat(configured).containsEntry("runway", true).containsEntry("kie", true).containsEntry("openai", false);
        providers.valueStream().forEach(p -> {
            assertThat(p.path("operations").size()).as("operations of %s", p.path("id")).isPositive();
            assertThat(p.path("defaultPollIntervalMillis").asLong()).isNotNegative();
        });
    }

    private static Map<String, Object> job(String provider, String model, String operation, Map<String, Object> input) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        if (model != null) {
            body.put("model", model);
        }
        body.put("operation", operation);
        body.put("input", input);
        return body;
    }
}
