package dev.mediajobs.providers.testing;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.common.JobInput;
import dev.mediajobs.common.JsonCodec;
import dev.mediajobs.common.Operation;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderAdapterContractTest;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.config.ProviderSettings;
import dev.mediajobs.providers.testing.CannedHttpServer.CannedResponse;
import dev.mediajobs.providers.testing.CannedHttpServer.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.JsonNode;

/**
 * The fixtures an adapter's contract test needs beside its wire fake: a {@link CannedHttpServer} for the answers the
 * fake never gives (429, 5xx, garbage, echoed keys), the adapter pointed at any base URL with short timeouts, and the
 * small helpers every such test wrote for itself. The wire fake and the canned server start before the tests and stop
 * after them.
 */
public abstract class WireFakeContractTest<F extends WireFakeServer> extends ProviderAdapterContractTest {

    private final ProviderCredentials credentials;
    private final Function<String, F> startFake;
    private final Function<ProviderSettings, ProviderAdapter> adapterWith;
    /** The provider's wire fake, accepting {@link #credentials()}. */
    protected F fake;
    /** For the answers the fake never gives. */
    protected CannedHttpServer canned;

    /**
     * @param credentials what the fake accepts
     * @param startFake   starts the fake for an API key, e.g. {@code SoraWireFake::start}
     * @param adapterWith the adapter under test from its settings, e.g. {@code SoraProviderAdapter::new}
     */
    protected WireFakeContractTest(ProviderCredentials credentials, Function<String, F> startFake,
                                   Function<ProviderSettings, ProviderAdapter> adapterWith) {
        this.credentials = credentials;
        this.startFake = startFake;
        this.adapterWith = adapterWith;
    }

    @BeforeAll
    protected void startFakes() {
        fake = startFake.apply(credentials.apiKey());
        canned = CannedHttpServer.start();
    }

    @AfterAll
    protected void stopFakes() {
        fake.close();
        canned.close();
    }

    @Override
    protected final String fakeBaseUrl() {
        return fake.baseUrl();
    }

    @Override
    protected final ProviderCredentials credentials() {
        return credentials;
    }

    /** Short timeouts: fakes answer at once, and a test of an unreachable provider should not wait long. */
    @Override
    protected final ProviderAdapter adapterAt(String baseUrl) {
        ProviderSettings settings = new ProviderSettings();
        settings.setBaseUrl(baseUrl);
        settings.setConnectTimeout(Duration.ofSeconds(2));
        settings.setRequestTimeout(Duration.ofSeconds(10));
        return adapterWith.apply(settings);
    }

    /** A scenario of the canned server that answers every call this way, with the fake's good credentials. */
    protected final Endpoint cannedEndpoint(String scenario, CannedResponse response) {
        return new Endpoint(scenario, canned.baseUrlAnswering(scenario, response), credentials());
    }

    /** The contract's 429: this body with a Retry-After of {@link #rateLimitedRetryAfter()}. */
    protected final Endpoint cannedRateLimit(String json) {
        return cannedEndpoint("rate-limited", CannedResponse.json(429, json)
                .withHeader("Retry-After", Long.toString(rateLimitedRetryAfter().toSeconds())));
    }

    /** What a submit of the first valid request at a canned scenario throws, or null when it throws nothing. */
    protected final ProviderException submitFailure(String scenario, CannedResponse response) {
        return submitFailure(scenario, request -> response);
    }

    /** The same, with an answer made from the request (e.g. one that echoes the key). */
    protected final ProviderException submitFailure(String scenario, Function<RecordedRequest, CannedResponse> responder) {
        String baseUrl = canned.baseUrlAnswering(scenario, responder);
        return failure(() -> adapterAt(baseUrl).submit(validRequests().get(0), credentials()));
    }

    /** What a poll of {@link #someTask()} at a canned scenario throws, or null when it throws nothing. */
    protected final ProviderException pollFailure(String scenario, CannedResponse response) {
        return pollFailure(scenario, request -> response);
    }

    /** The same, with an answer made from the request (e.g. one that echoes the key). */
    protected final ProviderException pollFailure(String scenario, Function<RecordedRequest, CannedResponse> responder) {
        String baseUrl = canned.baseUrlAnswering(scenario, responder);
        return failure(() -> adapterAt(baseUrl).poll(someTask(), credentials()));
    }

    /** The JSON body of the last request the canned server received in this scenario. */
    protected final JsonNode lastBodyAt(String scenario) {
        return JsonCodec.mapper().readTree(canned.requests(scenario).getLast().body());
    }

    protected static ProviderException failure(ThrowingCallable call) {
        return catchThrowableOfType(ProviderException.class, call);
    }

    /** A request with a fresh job id and a copy of the options. */
    protected static ProviderRequest request(Operation operation, JobInput input, Map<String, Object> options) {
        return new ProviderRequest("job-" + UUID.randomUUID(), operation, null, input, new LinkedHashMap<>(options), null);
    }

    protected static ProviderRequest withModel(ProviderRequest r, String model) {
        return new ProviderRequest(r.clientTaskId(), r.operation(), model, r.input(), r.options(), r.callbackUrl());
    }

    /** A GET without any key, as the storage service downloads an output. */
    protected static HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    protected static byte[] download(String url) throws IOException, InterruptedException {
        return fetch(url).body();
    }
}
