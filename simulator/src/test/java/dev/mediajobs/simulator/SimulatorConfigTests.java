package dev.mediajobs.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTests {

    @Test
    void defaultsListenOnLoopback8090WithTwoToSixSecondTasks() {
        SimulatorConfig config = SimulatorConfig.fromArgs(new String[0], Map.of());
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.apiKey()).isNull();
        assertThat(config.minDurationMs()).isEqualTo(2000);
        assertThat(config.maxDurationMs()).isEqualTo(6000);
        assertThat(config.failureRate()).isZero();
        assertThat(config.rateLimitRate()).isZero();
        assertThat(config.maxTasks()).isEqualTo(10_000);
        assertThat(config.taskTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.requestsPerMinute()).as("unlimited").isZero();
        assertThat(config.maxConcurrentTasks()).as("unlimited").isZero();
        assertThat(config.statusLatencyMs()).isZero();
        assertThat(config.callLogSize()).isEqualTo(100_000);
    }

    @Test
    void theAccountLimitsComeFromArgumentsOrEnvironment() {
        SimulatorConfig config = SimulatorConfig.fromArgs(new String[] {"--requests-per-minute=480", "--status-latency-ms=20"},
                Map.of("SIMULATOR_MAX_CONCURRENT_TASKS", "16", "SIMULATOR_REQUESTS_PER_MINUTE", "1", "SIMULATOR_CALL_LOG_SIZE", "10"));
        assertThat(config.requestsPerMinute()).isEqualTo(480);
        assertThat(config.maxConcurrentTasks()).isEqualTo(16);
        assertThat(config.statusLatencyMs()).isEqualTo(20);
        assertThat(config.callLogSize()).isEqualTo(10);
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThatThrownBy(() -> SimulatorConfig.fromArgs(new String[] {"--max-concurrent-tasks=-1"}, Map.of()))
                .hasMessageContaining("max concurrent tasks");
    }

    @Test
    void argumentsWinOverEnvironmentVariables() {
        SimulatorConfig config = SimulatorConfig.fromArgs(
                new String[] {"--port=0", "--api-key=from-args", "--failure-rate=0.25", "--public-base-url=http://sim:8090/"},
                Map.of("SIMULATOR_PORT", "9999", "SIMULATOR_API_KEY", "from-env", "SIMULATOR_BIND", "0.0.0.0",
                        "SIMULATOR_MIN_DURATION_MS", "10", "SIMULATOR_MAX_DURATION_MS", "20",
                        "SIMULATOR_RATE_LIMIT_RATE", "0.5", "SIMULATOR_RETRY_AFTER_SECONDS", "9"));
        assertThat(config.port()).isZero();
        assertThat(config.apiKey()).isEqualTo("from-args");
        assertThat(config.failureRate()).isEqualTo(0.25);
        assertThat(config.publicBaseUrl()).isEqualTo("http://sim:8090");
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.minDurationMs()).isEqualTo(10);
        assertThat(config.maxDurationMs()).isEqualTo(20);
        assertThat(config.rateLimitRate()).isEqualTo(0.5);
        assertThat(config.retryAfterSeconds()).isEqualTo(9);
    }

    @Test
    void unknownArgumentsAndOutOfRangeValuesAreRejected() {
        assertThatThrownBy(() -> SimulatorConfig.fromArgs(new String[] {"--colour=blue"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--colour");
        assertThatThrownBy(() -> SimulatorConfig.fromArgs(new String[] {"--port=eighty"}, Map.of()))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SimulatorConfig.fromArgs(new String[] {"--failure-rate=2"}, Map.of()))
                .hasMessageContaining("failure rate");
        assertThatThrownBy(() -> SimulatorConfig.fromArgs(new String[] {"--min-duration-ms=5", "--max-duration-ms=4"}, Map.of()))
                .hasMessageContaining("durations");
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(SimulatorConfig.builder().apiKey("secret-key-1").build().toString()).doesNotContain("secret-key-1");
        assertThat(SimulatorConfig.usage()).contains("--api-key=", "SIMULATOR_API_KEY");
    }
}
