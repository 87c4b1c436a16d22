package dev.mediajobs.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.simulator.SimulatorClient.Answer;
import dev.mediajobs.simulator.account.AccountStats;
import dev.mediajobs.simulator.account.ApiCall;
import dev.mediajobs.simulator.account.CallKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The account's limits and its log, over HTTP: what a client of a limited provider sees. */
class SimulatorLimitsTests {

    @Test
    void callsPastTheRequestsPerMinuteAreAnswered429WithRetryAfterAndCounted() {
        try (SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder().port(0).durationMs(0)
                .requestsPerMinute(3).build())) {
            SimulatorClient client = new SimulatorClient(server.baseUrl(), "any");
            String id = client.submit(textTask()).json().get("id").asString();
            assertThat(client.task(id).status()).isEqualTo(200);
            assertThat(client.taskByClientTaskId("nobody").status()).as("a look-up is a call too").isEqualTo(404);

            Answer refused = client.task(id);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("error").get("code").asString()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);

            AccountStats stats = settled(server, 4);
            assertThat(stats.refused()).containsEntry("rate_limit", 1L);
            assertThat(stats.limitViolations()).isEqualTo(1);
            assertThat(stats.maxCallsInAnyWindow()).isEqualTo(3);
        }
    }

    @Test
    void aSubmitPastTheConcurrentTasksIsRefusedUntilATaskFinishes() {
        try (SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder().port(0).durationMs(600_000)
                .maxConcurrentTasks(2).build())) {
            SimulatorClient client = new SimulatorClient(server.baseUrl(), "any");
            String first = client.submit(textTask()).json().get("id").asString();
            assertThat(client.submit(textTask()).status()).isEqualTo(202);

            Answer refused = client.submit(textTask());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("error").get("code").asString()).isEqualTo("too_many_tasks");
            assertThat(refused.header("Retry-After")).isNotNull();

            assertThat(client.cancel(first).json().get("status").asString()).isEqualTo("canceled");
            assertThat(client.submit(textTask()).status()).as("the canceled task made room").isEqualTo(202);
            assertThat(settled(server, 5).maxConcurrentTasks()).isEqualTo(2);
            assertThat(server.account().stats().refused()).containsEntry("concurrency_limit", 1L);
            assertThat(server.taskCount()).isEqualTo(3);
        }
    }

    @Test
    void theArrivalLogHasEveryApiCallWithItsTaskButNoDownloads() {
        try (SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder().port(0).durationMs(0).build())) {
            SimulatorClient client = new SimulatorClient(server.baseUrl(), "any");
            String id = client.submit(Map.of("operation", "text", "prompt", "x", "clientTaskId", "c-1")).json().get("id").asString();
            JsonNode done = client.task(id).json();
            assertThat(client.download(done.get("outputs").get(0).get("url").asString()).status()).isEqualTo(200);
            client.taskByClientTaskId("c-1");
            client.cancel(id);

            settled(server, 4);
            List<ApiCall> calls = server.account().calls();
            assertThat(calls).extracting(ApiCall::kind)
                    .containsExactly(CallKind.SUBMIT, CallKind.STATUS, CallKind.LOOKUP, CallKind.CANCEL);
            assertThat(calls).extracting(ApiCall::taskId).containsOnly(id);
            assertThat(calls).extracting(ApiCall::httpStatus).containsExactly(202, 200, 200, 200);
            assertThat(calls).allSatisfy(c -> assertThat(c.finishedNanos()).isGreaterThanOrEqualTo(c.arrivalNanos()));
        }
    }

    @Test
    void twoPollsOfOneTaskAtOnceAreSeenAsAnOverlapButPollsOfTwoTasksAreNot() throws Exception {
        try (SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder().port(0).durationMs(600_000)
                .statusLatencyMs(500).build())) {
            SimulatorClient client = new SimulatorClient(server.baseUrl(), "any");
            String a = client.submit(textTask()).json().get("id").asString();
            String b = client.submit(textTask()).json().get("id").asString();

            pollAtOnce(client, a, b);
            assertThat(settled(server, 4).overlappingStatusCalls()).isZero();

            pollAtOnce(client, a, a);
            assertThat(settled(server, 6).overlappingStatusCalls()).isEqualTo(1);
            assertThat(server.account().stats().overlappedTaskIds()).containsExactly(a);
        }
    }

    @Test
    void theStatsAreServedAsJson() {
        try (SimulatorServer server = SimulatorServer.start(SimulatorConfig.builder().port(0).durationMs(0)
                .requestsPerMinute(100).maxConcurrentTasks(5).build())) {
            SimulatorClient client = new SimulatorClient(server.baseUrl(), "any");
            client.submit(textTask());
            settled(server, 1);
            Answer stats = client.get("/simulator/stats");
            assertThat(stats.status()).isEqualTo(200);
            JsonNode json = stats.json();
            assertThat(json.get("requestsPerMinuteLimit").asInt()).isEqualTo(100);
            assertThat(json.get("maxConcurrentTasksLimit").asInt()).isEqualTo(5);
            assertThat(json.get("calls").get("submit").asLong()).isEqualTo(1);
            assertThat(json.get("maxCallsInAnyWindow").asInt()).isEqualTo(1);
            assertThat(json.get("overlappingStatusCalls").asLong()).isZero();
        }
    }

    /**
     * The stats once the server has logged {@code calls} calls: it logs a call after writing the answer, so the client
     * may have its answer a moment before.
     */
    private static AccountStats settled(SimulatorServer server, int calls) {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> server.account().stats(), stats -> stats.totalCalls() >= calls);
    }

    /** Two polls released together; with 500 ms of latency each, both are being answered at the same time. */
    private static void pollAtOnce(SimulatorClient client, String first, String second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Answer> one = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> client.task(first)));
        CompletableFuture<Answer> two = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> client.task(second)));
        assertThat(one.get().status()).isEqualTo(200);
        assertThat(two.get().status()).isEqualTo(200);
    }

    private static Answer awaitThen(CyclicBarrier barrier, java.util.function.Supplier<Answer> call) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return call.get();
    }

    private static Map<String, Object> textTask() {
        return Map.of("operation", "text", "prompt", "a short script");
    }
}
