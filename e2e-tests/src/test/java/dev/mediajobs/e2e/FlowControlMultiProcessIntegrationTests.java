package dev.mediajobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.common.JobIds;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.dispatcher.DispatcherServiceApplication;
import dev.mediajobs.e2e.MediajobsStack.Service;
import dev.mediajobs.e2e.process.ServiceProcess;
import dev.mediajobs.e2e.process.ServiceProcesses;
import dev.mediajobs.poller.PollerServiceApplication;
import dev.mediajobs.poller.tracking.JobEventsListener;
import dev.mediajobs.simulator.SimulatorConfig;
import dev.mediajobs.simulator.SimulatorServer;
import dev.mediajobs.simulator.account.AccountStats;
import dev.mediajobs.simulator.account.ApiCall;
import dev.mediajobs.simulator.account.CallKind;
import dev.mediajobs.support.testing.TestInfrastructure;
import dev.mediajobs.support.testing.TestKafka;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * Flow control that holds across processes (docs/flow-control/proof.md): two dispatcher and three poller processes
 * share one provider account limited to {@value #REQUESTS_PER_MINUTE} requests per minute and
 * {@value #MAX_CONCURRENT_TASKS} unfinished tasks. {@value #JOBS} jobs are published at once, so that they wait in
 * Kafka for the shared limiter, and one poller is killed with SIGKILL after a third of them have finished.
 *
 * <p>The judge is the provider's side: the simulator's log of every API call with its arrival time. Every job must
 * succeed; no 60 s window may hold more calls than the limit; the account may never have more unfinished tasks than
 * its limit nor answer a single 429 for a limit; no task may be polled by two instances at once; and while jobs were
 * waiting the budget must have been used: at least 90 % of the limit per 60 s on average over the full windows, and
 * at least 90 % of what the limiter hands out (the limit per 62 s) in the emptiest one.
 *
 * <p>Sizes: 8 slots turn over at about 10-11 calls/s, more than the 8/s the limit allows, so the rate limit binds;
 * a larger concurrency only makes the first minute burstier (the budget is spent sooner, then waited for).
 */
class FlowControlMultiProcessIntegrationTests {

    private static final int JOBS = 330;
    private static final int REQUESTS_PER_MINUTE = 480;
    private static final int MAX_CONCURRENT_TASKS = 8;
    private static final double MIN_UTILIZATION = 0.9;
    private static final Duration WINDOW_MARGIN = Duration.ofSeconds(2);
    /**
     * What the limiter hands out within 60 s at most on a steady flow: it counts {@value #REQUESTS_PER_MINUTE} over
     * 60 s plus the margin, which a call delayed on its way needs to stay out of the provider's window.
     */
    private static final double LIMITER_BUDGET_PER_MINUTE = REQUESTS_PER_MINUTE * 60.0 / (60 + WINDOW_MARGIN.toSeconds());
    private static final int DISPATCHERS = 2;
    private static final int DISPATCHER_THREADS = 2;
    private static final int POLLERS = 3;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final String DISPATCHER_GROUP = "mediajobs-dispatcher"; // JobRequestListener.GROUP_ID
    private static final String TENANT = "acme";
    private static final String API_KEY = "mj_test_flow_" + UUID.randomUUID();
    private static final String SIMULATOR_KEY = "sim-flow-" + UUID.randomUUID();

    private static SimulatorServer simulator;
    private static MediajobsStack stack;
    private static ServiceProcesses processes;
    private static final List<ServiceProcess> dispatchers = new ArrayList<>();
    private static final List<ServiceProcess> pollers = new ArrayList<>();
    private static MediajobsApi api;

    /** A failed run leaves its evidence in the output: every process's last log lines and the simulator's counters. */
    @RegisterExtension
    static final TestWatcher printEvidenceOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (processes != null) {
                System.out.println(processes.logTails(80));
            }
            if (simulator != null) {
                System.out.println("simulator stats: " + JsonCodec.toJson(simulator.account().stats()));
            }
        }
    };

    @BeforeAll
    static void startEverything() {
        simulator = SimulatorServer.start(SimulatorConfig.builder().port(0).apiKey(SIMULATOR_KEY)
                .minDurationMs(1_000).maxDurationMs(2_000)
                .requestsPerMinute(REQUESTS_PER_MINUTE).maxConcurrentTasks(MAX_CONCURRENT_TASKS)
                .statusLatencyMs(20).threads(16).build());

        Map<String, Object> props = new LinkedHashMap<>(TestInfrastructure.isolatedTopics("flow-" + UUID.randomUUID()));
        props.put("mediajobs.s3.bucket", "flow-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("mediajobs.api.tenants." + TENANT + ".key-sha256", Hashing.sha256Hex(API_KEY));
        props.put("mediajobs.providers.simulator.base-url", simulator.baseUrl());
        props.put("mediajobs.providers.simulator.api-key", SIMULATOR_KEY);
        props.put("mediajobs.providers.simulator.poll-interval", "1s");
        props.put("mediajobs.providers.simulator.request-timeout", "5s"); // well inside the poller's lease
        props.put("mediajobs.providers.simulator.limits.requests-per-minute", REQUESTS_PER_MINUTE);
        props.put("mediajobs.providers.simulator.limits.max-concurrent-tasks", MAX_CONCURRENT_TASKS);
        // the limiter counts 62 s, so that a call delayed on its way never lands inside the provider's 60 s window
        props.put("mediajobs.limits.window-margin", WINDOW_MARGIN.toSeconds() + "s");
        // a dead poller's claimed tasks come back after 8 s, its events partitions after 10 s
        props.put("mediajobs.poller.lease", "8s");
        props.put("spring.kafka.consumer.properties.session.timeout.ms", 10_000);
        props.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 2_000);
        // 2 processes x 2 threads = one consumer per partition of the requests topic: both dispatchers get work
        props.put("mediajobs.dispatcher.concurrency", DISPATCHER_THREADS);

        stack = new MediajobsStack(props).withOnly(Service.API, Service.STORAGE); // starts Kafka, Redis and S3
        processes = new ServiceProcesses(ServiceProcesses.logDirectoryFor(FlowControlMultiProcessIntegrationTests.class));
        Map<String, Object> processProperties = stack.properties();
        for (int i = 1; i <= DISPATCHERS; i++) {
            dispatchers.add(processes.start("dispatcher-" + i, DispatcherServiceApplication.class, processProperties));
        }
        for (int i = 1; i <= POLLERS; i++) {
            pollers.add(processes.start("poller-" + i, PollerServiceApplication.class, processProperties));
        }
        stack.start(); // the api and storage services here, while the processes start on their own
        processes.awaitReady(Duration.ofMinutes(3));
        awaitEveryPartitionOwned();
        api = new MediajobsApi(stack.baseUrl(Service.API), API_KEY);
    }

    @AfterAll
    static void stopEverything() {
        if (processes != null) {
            processes.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void twoDispatchersAndThreePollersKeepTheProviderLimitsThroughThePollerCrash() throws Exception {
        List<String> jobIds = publishJobs();
        long startNanos = System.nanoTime();

        Awaitility.await("a third of the jobs succeeded").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countByState().getOrDefault("succeeded", 0) >= JOBS / 3);
        ServiceProcess victim = pollers.get(1);
        victim.kill();
        double killedAtSeconds = secondsSince(startNanos);
        assertThat(victim.isAlive()).isFalse();

        Awaitility.await("every job terminal").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> terminal(countByState()) >= JOBS);
        Map<String, JsonNode> jobs = api.awaitTerminal(jobIds, Duration.ofMinutes(1));
        double finishedAtSeconds = secondsSince(startNanos);

        Evidence evidence = Evidence.of(simulator.account().calls(), simulator.account().stats());
        System.out.println(evidence.report(victim.name(), killedAtSeconds, finishedAtSeconds));
        evidence.writeCsv(ServiceProcesses.logDirectoryFor(getClass()).resolve("simulator-calls.csv"));

        assertThat(jobs.values()).as("every job succeeded")
                .allSatisfy(job -> assertThat(job.path("state").asString()).as("job %s", job).isEqualTo("succeeded"));
        assertThat(evidence.stats().limitViolations()).as("429s for a limit: %s", evidence.stats().refused()).isZero();
        assertThat(evidence.maxPerWindow()).as("most calls within 60 s at the provider").isLessThanOrEqualTo(REQUESTS_PER_MINUTE);
        assertThat(evidence.stats().maxConcurrentTasks()).as("most unfinished tasks at the provider")
                .isLessThanOrEqualTo(MAX_CONCURRENT_TASKS);
        assertThat(evidence.stats().overlappingStatusCalls()).as("status calls overlapping another of the same task (%s)",
                evidence.stats().overlappedTaskIds()).isZero();
        assertThat(evidence.submittedTasks()).as("tasks created at the provider").isEqualTo(JOBS);
        assertThat(evidence.fullWindowsWhileWaiting())
                .as("full 60 s windows between the first call and the last submit: the run must be long enough").isPositive();
        assertThat(evidence.meanPerFullWindowWhileWaiting()).as("calls per full minute while jobs waited, on average")
                .isGreaterThanOrEqualTo(MIN_UTILIZATION * REQUESTS_PER_MINUTE);
        assertThat(evidence.minPerFullWindowWhileWaiting()).as("calls in the emptiest full minute while jobs waited")
                .isGreaterThanOrEqualTo((int) Math.ceil(MIN_UTILIZATION * LIMITER_BUDGET_PER_MINUTE));
    }

    /** All jobs at once, straight onto the requests topic: they wait there for the limiter. */
    private static List<String> publishJobs() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        String topic = (String) stack.properties().get("mediajobs.kafka.topics.requests");
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < JOBS; i++) {
                String requestId = "flow-" + i + "-" + UUID.randomUUID();
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("type", "submit");
                request.put("tenant", TENANT);
                request.put("requestId", requestId);
                request.put("provider", "simulator");
                request.put("operation", "text");
                request.put("input", Map.of("prompt", "script " + i));
                producer.send(new ProducerRecord<>(topic, requestId, JsonCodec.toJson(request)));
                ids.add(JobIds.fromRequestId(TENANT, requestId));
            }
            producer.flush();
        }
        return ids;
    }

    /** Job counts by state, through the API's list (a few pages, so cheap enough to ask every second). */
    private static Map<String, Integer> countByState() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        String cursor = null;
        do {
            String path = "/v1/jobs?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> page = api.get(path);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode json = JsonCodec.mapper().readTree(page.body());
            json.path("items").forEach(job -> counts.merge(job.path("state").asString(), 1, Integer::sum));
            cursor = json.path("nextCursor").isString() ? json.path("nextCursor").asString() : null;
        } while (cursor != null);
        return counts;
    }

    private static int terminal(Map<String, Integer> counts) {
        return Set.of("succeeded", "failed", "canceled", "timed_out").stream().mapToInt(s -> counts.getOrDefault(s, 0)).sum();
    }

    /**
     * Waits until the dispatcher and poller processes own every partition of their topics, one consumer per process
     * thread, so that no start-up rebalance re-delivers records in the middle of the run.
     */
    private static void awaitEveryPartitionOwned() {
        String requests = (String) stack.properties().get("mediajobs.kafka.topics.requests");
        String events = (String) stack.properties().get("mediajobs.kafka.topics.events");
        int partitions = Integer.parseInt(String.valueOf(stack.properties().get("mediajobs.kafka.partitions")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Awaitility.await("dispatcher and poller processes own every partition").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        Map<String, ConsumerGroupDescription> groups = admin
                                .describeConsumerGroups(List.of(DISPATCHER_GROUP, JobEventsListener.GROUP_ID)).all().get();
                        return owns(groups.get(DISPATCHER_GROUP), requests, partitions, Math.min(partitions, DISPATCHERS * DISPATCHER_THREADS))
                                && owns(groups.get(JobEventsListener.GROUP_ID), events, partitions, Math.min(partitions, POLLERS));
                    });
        }
    }

    private static boolean owns(ConsumerGroupDescription group, String topic, int partitions, int consumers) {
        if (group == null || group.groupState() != GroupState.STABLE) {
            return false;
        }
        int owned = 0;
        int owners = 0;
        for (MemberDescription member : group.members()) {
            long mine = member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).count();
            owned += (int) mine;
            owners += mine > 0 ? 1 : 0;
        }
        return owned == partitions && owners == consumers;
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * What the simulator saw, reduced to the numbers the proof quotes. "While jobs waited" is the time from the first
     * call to the last submit: until then some job was still waiting in Kafka for the limiter.
     *
     * @param maxPerWindow                  most calls in any 60 s window (one starting at each call)
     * @param maxPerMargin                  most calls within one window margin (2 s)
     * @param fullWindowsWhileWaiting       60 s windows starting at a call that end before the last submit
     * @param minPerFullWindowWhileWaiting  fewest calls in one of those windows
     * @param meanPerFullWindowWhileWaiting calls per 60 s window while jobs waited, averaged over windows starting every
     *                                      100 ms from the first call on
     */
    record Evidence(List<ApiCall> calls, AccountStats stats, int maxPerWindow, int maxPerMargin,
                    int fullWindowsWhileWaiting, int minPerFullWindowWhileWaiting, double meanPerFullWindowWhileWaiting,
                    double waitingSeconds, double runSeconds, int submittedTasks, long statusCalls) {

        private static final long MEAN_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

        static Evidence of(List<ApiCall> calls, AccountStats stats) {
            assertThat(calls).as("the simulator's arrival log").isNotEmpty();
            assertThat(stats.callsDroppedFromLog()).as("calls dropped from the arrival log").isZero();
            long[] arrivals = calls.stream().mapToLong(ApiCall::arrivalNanos).toArray(); // in order of arrival
            long first = arrivals[0];
            long lastSubmit = calls.stream().filter(c -> c.kind() == CallKind.SUBMIT).mapToLong(ApiCall::arrivalNanos)
                    .max().orElse(first);

            int fullWindows = 0;
            int minPerFullWindow = Integer.MAX_VALUE;
            for (int start = 0; start < arrivals.length && arrivals[start] + WINDOW_NANOS <= lastSubmit; start++) {
                fullWindows++;
                minPerFullWindow = Math.min(minPerFullWindow, countFrom(arrivals, arrivals[start], WINDOW_NANOS));
            }
            long sum = 0;
            int samples = 0;
            for (long start = first; start + WINDOW_NANOS <= lastSubmit; start += MEAN_STEP_NANOS) {
                sum += countFrom(arrivals, start, WINDOW_NANOS);
                samples++;
            }
            int submitted = (int) calls.stream().filter(c -> c.kind() == CallKind.SUBMIT && c.httpStatus() == 202).count();
            long statusCalls = calls.stream().filter(c -> c.kind() == CallKind.STATUS).count();
            return new Evidence(calls, stats, maxWithin(arrivals, WINDOW_NANOS), maxWithin(arrivals, WINDOW_MARGIN.toNanos()),
                    fullWindows, fullWindows == 0 ? 0 : minPerFullWindow, samples == 0 ? 0 : (double) sum / samples,
                    (lastSubmit - first) / 1e9, (arrivals[arrivals.length - 1] - first) / 1e9, submitted, statusCalls);
        }

        /** Calls arriving in [from, from + span). */
        private static int countFrom(long[] arrivals, long from, long span) {
            return firstAtOrAfter(arrivals, from + span) - firstAtOrAfter(arrivals, from);
        }

        private static int firstAtOrAfter(long[] arrivals, long nanos) {
            int low = 0;
            int high = arrivals.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (arrivals[mid] < nanos) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        /** Most calls in any window of this span starting at a call. */
        private static int maxWithin(long[] arrivals, long spanNanos) {
            int max = 0;
            int end = 0;
            for (int start = 0; start < arrivals.length; start++) {
                while (end < arrivals.length && arrivals[end] - arrivals[start] < spanNanos) {
                    end++;
                }
                max = Math.max(max, end - start);
            }
            return max;
        }

        /** The arrival log as CSV, next to the process logs: seconds since the first call, kind, task, answer. */
        void writeCsv(Path file) throws IOException {
            long first = calls.getFirst().arrivalNanos();
            List<String> lines = new ArrayList<>();
            lines.add("seconds,kind,task,status,refusal,serviceMillis");
            for (ApiCall c : calls) {
                lines.add(String.format(Locale.ROOT, "%.3f,%s,%s,%d,%s,%.1f", (c.arrivalNanos() - first) / 1e9,
                        c.kind().wireName(), c.taskId() == null ? "" : c.taskId(), c.httpStatus(),
                        c.refusal() == null ? "" : c.refusal().wireName(), c.durationNanos() / 1e6));
            }
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        }

        String report(String killed, double killedAtSeconds, double finishedAtSeconds) {
            Map<String, Long> byKind = calls.stream().collect(Collectors.groupingBy(c -> c.kind().wireName(), TreeMap::new,
                    Collectors.counting()));
            double limit = REQUESTS_PER_MINUTE;
            return String.join("\n",
                    "==== flow control across processes: " + JOBS + " jobs, " + DISPATCHERS + " dispatcher + " + POLLERS
                            + " poller processes ====",
                    String.format(Locale.ROOT, "provider limits            %d calls / 60 s, %d unfinished tasks (limiter window margin %d s)",
                            REQUESTS_PER_MINUTE, MAX_CONCURRENT_TASKS, WINDOW_MARGIN.toSeconds()),
                    String.format(Locale.ROOT, "crash                      %s killed (SIGKILL) %.1f s after publishing, a third of the jobs done",
                            killed, killedAtSeconds),
                    String.format(Locale.ROOT, "all jobs terminal          %.1f s after publishing", finishedAtSeconds),
                    String.format(Locale.ROOT, "calls at the provider      %d %s from the first to the last call: %.1f s",
                            calls.size(), byKind, runSeconds),
                    String.format(Locale.ROOT, "most calls in any 60 s     %d (limit %d)", maxPerWindow, REQUESTS_PER_MINUTE),
                    String.format(Locale.ROOT, "most unfinished tasks      %d (limit %d)", stats.maxConcurrentTasks(), MAX_CONCURRENT_TASKS),
                    String.format(Locale.ROOT, "429 answers                %d %s", stats.refused().values().stream().mapToLong(Long::longValue).sum(),
                            stats.refused()),
                    String.format(Locale.ROOT, "overlapping status calls   %d", stats.overlappingStatusCalls()),
                    String.format(Locale.ROOT, "while jobs waited          %.1f s (first call to last submit), %d full 60 s windows:",
                            waitingSeconds, fullWindowsWhileWaiting),
                    String.format(Locale.ROOT, "  calls per 60 s, mean     %.1f (%.1f %% of the limit)", meanPerFullWindowWhileWaiting,
                            100 * meanPerFullWindowWhileWaiting / limit),
                    String.format(Locale.ROOT, "  calls per 60 s, fewest   %d (%.1f %% of the limit, %.1f %% of the %.1f the limiter hands out per 60 s)",
                            minPerFullWindowWhileWaiting, 100 * minPerFullWindowWhileWaiting / limit,
                            100 * minPerFullWindowWhileWaiting / LIMITER_BUDGET_PER_MINUTE, LIMITER_BUDGET_PER_MINUTE),
                    String.format(Locale.ROOT, "  most calls in any %d s    %d (what a 60 s window can miss of a %d s longer limiter window)",
                            WINDOW_MARGIN.toSeconds(), maxPerMargin, WINDOW_MARGIN.toSeconds()),
                    String.format(Locale.ROOT, "polls per job              %.2f (%d status calls, %d tasks)",
                            submittedTasks == 0 ? 0.0 : (double) statusCalls / submittedTasks, statusCalls, submittedTasks),
                    "==== " + Instant.now() + " ====");
        }
    }
}
