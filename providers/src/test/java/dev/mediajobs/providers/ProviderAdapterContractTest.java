package dev.mediajobs.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import dev.mediajobs.common.FieldError;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.Operation;
import dev.mediajobs.common.ProviderAsset;
import dev.mediajobs.providers.ProviderException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every {@link ProviderAdapter} keeps, run against a wire fake of its provider. Each adapter's test
 * extends this class, starts its fakes (in a {@code @BeforeAll}: the class has one instance for all its tests) and
 * implements the hooks; the tests here then check the adapter the way the dispatcher and poller rely on it:
 *
 * <ul>
 *   <li>{@link ProviderAdapter#describe()} is consistent;</li>
 *   <li>valid requests validate clean and go submit → poll → SUCCEEDED with asset URLs;</li>
 *   <li>{@link ProviderAdapter#validate} reports field errors without the network;</li>
 *   <li>HTTP failures map to the right {@link Kind}: 401 → AUTH, 429 → RATE_LIMITED with Retry-After, 5xx and
 *       connection failures → TRANSIENT, nonsense → MALFORMED_RESPONSE; nothing but {@link ProviderException}
 *       escapes;</li>
 *   <li>a failed task is a FAILED poll result with a {@link JobError}, not an exception;</li>
 *   <li>no exception message contains the API key.</li>
 * </ul>
 *
 * <p>The error scenarios are {@link Endpoint}s: a base URL plus credentials where the fake misbehaves for every
 * submit and poll. A WireMock fake returns its own URL after stubbing; an own-server fake returns a path of its own
 * (see {@code dev.mediajobs.providers.testing.CannedHttpServer}); a fake that checks keys can simply hand out wrong
 * credentials for 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderAdapterContractTest {

    /** Nothing listens here (port 9 is "discard", never open on a test machine): calls fail fast, offline. */
    protected static final String NOWHERE = "http://127.0.0.1:9";

    /** A request that {@link ProviderAdapter#validate} must reject, and the field its error must name. */
    public record InvalidRequest(ProviderRequest request, String field) {
    }

    /** Where a fake answers every submit and poll in one particular way. */
    public record Endpoint(String name, String baseUrl, ProviderCredentials credentials) {
    }

    // ------------------------------------------------------------------------------------------------ hooks

    /** The adapter under test, talking to the given base URL. */
    protected abstract ProviderAdapter adapterAt(String baseUrl);

    /** The base URL of the well-behaved fake: it accepts {@link #credentials()} and completes tasks. */
    protected abstract String fakeBaseUrl();

    /** Credentials the well-behaved fake accepts. Their key must never appear in an exception message. */
    protected abstract ProviderCredentials credentials();

    /** At least one valid request per operation of {@code describe().operations()}; each must succeed at the fake. */
    protected abstract List<ProviderRequest> validRequests();

    /** Requests {@link ProviderAdapter#validate} must reject. */
    protected abstract List<InvalidRequest> invalidRequests();

    /**
     * A valid request that the well-behaved fake accepts and later reports as failed; null for a provider that has no
     * failed task (a synchronous one whose every failure is an HTTP error answer), which skips that test.
     */
    protected abstract ProviderRequest requestThatFails();

    /** Answers 401 (or 403) to every submit and poll. */
    protected abstract Endpoint unauthorized();

    /** Answers 429 with a Retry-After of {@link #rateLimitedRetryAfter()} to every submit and poll. */
    protected abstract Endpoint rateLimited();

    protected abstract Duration rateLimitedRetryAfter();

    /** Answers a 5xx to every submit and poll. */
    protected abstract Endpoint serverError();

    /** Each answers submit with something that is no valid submit answer (not JSON, no task id, …). */
    protected abstract List<Endpoint> malformedSubmitAnswers();

    /** Each answers poll with something that is no valid task (not JSON, no status, unknown status, success without outputs, …). */
    protected abstract List<Endpoint> malformedPollAnswers();

    /** How long a valid request may take at the fake. */
    protected Duration taskTimeout() {
        return Duration.ofSeconds(30);
    }

    /** How often the tests poll; fakes are fast, so much more often than the provider's documented interval. */
    protected Duration pollEvery() {
        return Duration.ofMillis(100);
    }

    // ------------------------------------------------------------------------------------------------ tests

    private ProviderAdapter adapter;

    protected final ProviderAdapter adapter() {
        if (adapter == null) {
            adapter = adapterAt(fakeBaseUrl());
        }
        return adapter;
    }

    @Test
    void describeIsConsistent() {
        ProviderDescriptor descriptor = adapter().describe();
        assertThat(descriptor.id()).isNotBlank().isEqualTo(adapter().id());
        assertThat(descriptor.displayName()).isNotBlank();
        assertThat(descriptor.operations()).isNotEmpty();
        assertThat(descriptor.models()).isNotNull();
        assertThat(descriptor.constraints()).isNotNull();
        assertThat(descriptor.limits()).isNotNull();
        assertThat(descriptor.defaultPollIntervalMillis()).isPositive();
        assertThat(descriptor.defaultTimeoutSeconds()).isPositive();
        assertThat(adapter().describe()).as("stable across calls").isEqualTo(descriptor);
    }

    @Test
    void validRequestsCoverEveryClaimedOperation() {
        Set<Operation> covered = validRequests().stream().map(ProviderRequest::operation).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(adapter().describe().operations());
    }

    @TestFactory
    Stream<DynamicTest> everyValidRequestValidatesCleanAndSucceedsWithAssetUrls() {
        return validRequests().stream().map(request -> DynamicTest.dynamicTest(request.operation().wireName(), () -> {
            assertThat(adapter().validate(request)).isEmpty();
            SubmitResult submitted = adapter().submit(request, credentials());
            assertThat(submitted.taskId()).isNotBlank();
            assertThat(submitted.firstPollAfterMillis()).isNotNegative();

            PollResult done = submitted.immediate() != null ? submitted.immediate() : pollUntilDone(task(request, submitted));
            assertThat(done.status()).as("failure: %s", done.failure()).isEqualTo(PollResult.Status.SUCCEEDED);
            // outputs come as URLs, or as bytes where the provider answers with the file itself (e.g. Stability's 200)
            assertThat(done.assets().size() + done.inlineAssets().size()).as("outputs").isPositive();
            for (ProviderAsset asset : done.assets()) {
                assertThat(asset.url()).isNotBlank();
                assertThat(URI.create(asset.url()).getScheme()).isIn("http", "https");
            }
            for (PollResult.InlineAsset inline : done.inlineAssets()) {
                assertThat(inline.bytes()).isNotEmpty();
                assertThat(inline.contentType()).isNotBlank();
            }
        }));
    }

    @Test
    void validateReportsFieldErrorsWithoutTheNetwork() {
        // an adapter pointed at nothing: validation must not need its provider
        ProviderAdapter offline = adapterAt(NOWHERE);
        assertThat(invalidRequests()).isNotEmpty();
        for (InvalidRequest invalid : invalidRequests()) {
            List<FieldError> errors = offline.validate(invalid.request());
            assertThat(errors).as("errors of a request that should fail on %s", invalid.field())
                    .extracting(FieldError::field).contains(invalid.field());
            assertThat(errors).allSatisfy(error -> {
                assertThat(error.code()).isNotBlank();
                assertThat(error.message()).isNotBlank();
            });
        }
        for (ProviderRequest valid : validRequests()) {
            assertThat(offline.validate(valid)).isEmpty();
        }
    }

    @Test
    void unauthorizedIsAuth() {
        assertEverySubmitAndPollFails(unauthorized(), Kind.AUTH);
    }

    @Test
    void rateLimitedIsRateLimitedWithTheProvidersRetryAfter() {
        for (ProviderException e : assertEverySubmitAndPollFails(rateLimited(), Kind.RATE_LIMITED)) {
            assertThat(e.retryAfter()).isEqualTo(rateLimitedRetryAfter());
            assertThat(e.kind().retryable()).isTrue();
        }
    }

    @Test
    void serverErrorsAreTransient() {
        for (ProviderException e : assertEverySubmitAndPollFails(serverError(), Kind.TRANSIENT)) {
            assertThat(e.kind().retryable()).isTrue();
        }
    }

    @Test
    void anUnreachableProviderIsTransient() {
        assertEverySubmitAndPollFails(new Endpoint("nothing listening", NOWHERE, credentials()), Kind.TRANSIENT);
    }

    @Test
    void aFailedTaskIsAFailedPollResultWithAJobError() throws ProviderException {
        ProviderRequest request = requestThatFails();
        assumeTrue(request != null, "the provider has no failed-task state");
        assertThat(adapter().validate(request)).isEmpty();
        SubmitResult submitted = adapter().submit(request, credentials());
        PollResult done = submitted.immediate() != null ? submitted.immediate() : pollUntilDone(task(request, submitted));

        assertThat(done.status()).isEqualTo(PollResult.Status.FAILED);
        JobError failure = done.failure();
        assertThat(failure).isNotNull();
        assertThat(failure.code()).isNotBlank();
        assertThat(failure.message()).isNotBlank().doesNotContain(credentials().apiKey());
        assertThat(failure.provider()).isEqualTo(adapter().id());
    }

    @TestFactory
    Stream<DynamicTest> malformedSubmitAnswersAreMalformedResponse() {
        return malformedSubmitAnswers().stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.name(), () -> {
            ProviderAdapter misled = adapterAt(endpoint.baseUrl());
            expectProviderException(endpoint, () -> misled.submit(validRequests().get(0), endpoint.credentials()), Kind.MALFORMED_RESPONSE);
        }));
    }

    @TestFactory
    Stream<DynamicTest> malformedPollAnswersAreMalformedResponse() {
        return malformedPollAnswers().stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.name(), () -> {
            ProviderAdapter misled = adapterAt(endpoint.baseUrl());
            expectProviderException(endpoint, () -> misled.poll(someTask(), endpoint.credentials()), Kind.MALFORMED_RESPONSE);
        }));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Submit and poll at the endpoint must both throw a {@link ProviderException} of the kind, and nothing else. */
    protected List<ProviderException> assertEverySubmitAndPollFails(Endpoint endpoint, Kind kind) {
        ProviderAdapter misled = adapterAt(endpoint.baseUrl());
        List<ProviderException> thrown = new ArrayList<>();
        thrown.add(expectProviderException(endpoint, () -> misled.submit(validRequests().get(0), endpoint.credentials()), kind));
        thrown.add(expectProviderException(endpoint, () -> misled.poll(someTask(), endpoint.credentials()), kind));
        return thrown;
    }

    protected ProviderException expectProviderException(Endpoint endpoint, ThrowingCallable call, Kind kind) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("%s: only ProviderException may escape an adapter", endpoint.name())
                .isInstanceOf(ProviderException.class);
        ProviderException e = (ProviderException) thrown;
        assertThat(e.kind()).as("%s: %s", endpoint.name(), e.getMessage()).isEqualTo(kind);
        assertThat(e.provider()).isEqualTo(adapter().id());
        assertThat(e.getMessage()).isNotBlank();
        assertNoSecretIn(e, endpoint.credentials());
        return e;
    }

    /** Neither the endpoint's key nor the fake's real key may appear anywhere in the exception chain. */
    protected void assertNoSecretIn(Throwable thrown, ProviderCredentials used) {
        List<String> keys = Stream.of(used, credentials())
                .filter(c -> c != null && c.apiKey() != null && !c.apiKey().isEmpty())
                .map(ProviderCredentials::apiKey).toList();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            for (String key : keys) {
                assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass().getSimpleName()).doesNotContain(key);
                assertThat(t.toString()).doesNotContain(key);
            }
        }
        if (thrown instanceof ProviderException e) {
            keys.forEach(key -> assertThat(e.toJobError().message()).doesNotContain(key));
        }
    }

    protected PollResult pollUntilDone(ProviderTask task) {
        return await().atMost(taskTimeout()).pollInterval(pollEvery())
                .until(() -> adapter().poll(task, credentials()),
                        r -> r.status() == PollResult.Status.SUCCEEDED || r.status() == PollResult.Status.FAILED);
    }

    protected static ProviderTask task(ProviderRequest request, SubmitResult submitted) {
        return new ProviderTask(request.clientTaskId(), submitted.taskId(), request.operation(), request.model());
    }

    /** A task for error scenarios, where the fake answers the same whatever the id. */
    protected ProviderTask someTask() {
        ProviderRequest request = validRequests().get(0);
        return new ProviderTask("contract-job", "contract-task-1", request.operation(), request.model());
    }
}
