package dev.mediajobs.providers.outbound;

import static dev.mediajobs.providers.outbound.OutboundPolicyTests.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarded client against a real HTTP server on 127.0.0.1: a refused URL sends nothing at all, an allow-listed
 * one goes through, a redirect comes back unfollowed, and the connection goes to exactly the addresses that the
 * policy checked in that same lookup.
 */
class GuardedHttpClientsIntegrationTests {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(5);

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private int port;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().startsWith("/redirect")) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/target");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aStrictClientRefusesLoopbackInEverySpellingAndTheServerSeesNoRequest() {
        OutboundPolicy strict = new OutboundPolicy(List.of(), host -> List.of(literal("127.0.0.1")));
        OkHttpClient client = GuardedHttpClients.create(strict, CONNECT, READ);

        for (String url : List.of("http://127.0.0.1:" + port + "/hook", "http://[::ffff:127.0.0.1]:" + port + "/hook",
                "http://localhost:" + port + "/hook", "http://2130706433:" + port + "/hook",
                "http://evil.example:" + port + "/hook")) {
            IOException failure = catchThrowableOfType(IOException.class, () -> execute(client, url));

            assertThat(failure).as(url).isNotNull();
            assertThat(GuardedHttpClients.blocked(failure)).as(url).isPresent();
        }
        assertThat(GuardedHttpClients.blocked(catchThrowableOfType(IOException.class,
                () -> execute(client, "http://evil.example:" + port + "/hook"))).orElseThrow().getMessage())
                .startsWith("host resolves to 127.0.0.1, a loopback address");
        assertThat(received).isEmpty();
    }

    @Test
    void anAllowListedAddressIsCalled() throws IOException {
        OkHttpClient client = GuardedHttpClients.create(OutboundPolicy.allowing(List.of("127.0.0.1")), CONNECT, READ);

        try (Response response = execute(client, "http://127.0.0.1:" + port + "/hook")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("ok");
        }
        assertThat(received).containsExactly("/hook");
        // the allow-list exempts addresses, not spellings
        assertThat(GuardedHttpClients.blocked(catchThrowableOfType(IOException.class,
                () -> execute(client, "http://2130706433:" + port + "/hook"))).orElseThrow().reason()).isEqualTo("ambiguous_ip");
        assertThat(received).containsExactly("/hook");
    }

    @Test
    void aRedirectIsReturnedAsItIsAndNotFollowed() throws IOException {
        OkHttpClient client = GuardedHttpClients.create(OutboundPolicy.allowing(List.of("127.0.0.1")), CONNECT, READ);

        try (Response response = execute(client, "http://127.0.0.1:" + port + "/redirect")) {
            assertThat(response.code()).isEqualTo(302);
            assertThat(response.header("Location")).isEqualTo("http://127.0.0.1:" + port + "/target");
        }
        assertThat(received).containsExactly("/redirect");
    }

    @Test
    void theConnectionGoesToTheAddressesCheckedInTheSameLookup() throws IOException {
        // the first answer is allowed; any later answer (a rebinding attempt) is not. One lookup per connection
        // means the client connects to what was checked.
        AtomicInteger lookups = new AtomicInteger();
        Resolver rebinding = host -> List.of(literal(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.5"));
        OutboundPolicy policy = new OutboundPolicy(List.of("127.0.0.1"), rebinding);
        ConnectRecorder connects = new ConnectRecorder();
        OkHttpClient client = GuardedHttpClients.create(policy, CONNECT, READ).newBuilder().eventListener(connects).build();

        try (Response response = execute(client, "http://rebind.example:" + port + "/pinned")) {
            assertThat(response.code()).isEqualTo(200);
        }

        assertThat(lookups).hasValue(1);
        assertThat(connects.dnsAnswers).containsExactly(List.of(literal("127.0.0.1")));
        assertThat(connects.connectedTo).containsExactly(literal("127.0.0.1"));
        assertThat(received).containsExactly("/pinned");
    }

    @Test
    void aPublicAnswerAtCheckTimeCannotSendTheClientToAPrivateAddressLater() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        Resolver rebinding = host -> List.of(literal(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1"));
        OutboundPolicy policy = new OutboundPolicy(List.of(), rebinding);
        URI url = URI.create("http://rebind.example:" + port + "/hook");

        // a caller checks first (e.g. when a webhook is registered) and gets the public answer ...
        assertThat(policy.check(url).addresses()).containsExactly(literal("93.184.215.14"));
        // ... the DNS the client uses answers exactly what the policy validated, or refuses ...
        assertThat(catchThrowableOfType(UnknownHostException.class, () -> new GuardedDns(policy).lookup("rebind.example")))
                .hasCauseInstanceOf(BlockedUrlException.class);
        // ... so when the name has rebound to 127.0.0.1 by the time of the call, nothing reaches the server
        OkHttpClient client = GuardedHttpClients.create(policy, CONNECT, READ);
        IOException failure = catchThrowableOfType(IOException.class, () -> execute(client, url.toString()));
        assertThat(GuardedHttpClients.blocked(failure).orElseThrow().reason()).isEqualTo("loopback");
        assertThat(received).isEmpty();
    }

    @Test
    void theDnsAnswersExactlyTheValidatedList() throws Exception {
        Resolver twoAddresses = host -> List.of(literal("93.184.215.14"), literal("2606:4700::1111"));
        OutboundPolicy policy = new OutboundPolicy(List.of(), twoAddresses);

        assertThat(new GuardedDns(policy).lookup("public.example"))
                .isEqualTo(policy.check(URI.create("http://public.example/")).addresses())
                .containsExactly(literal("93.184.215.14"), literal("2606:4700::1111"));
    }

    @Test
    void theClientIgnoresProxiesAndNeverRetriesOrFollows() {
        OkHttpClient client = GuardedHttpClients.create(OutboundPolicy.strict(), CONNECT, READ);

        assertThat(client.proxy()).isEqualTo(Proxy.NO_PROXY);
        assertThat(client.followRedirects()).isFalse();
        assertThat(client.followSslRedirects()).isFalse();
        assertThat(client.retryOnConnectionFailure()).isFalse();
        assertThat(client.connectTimeoutMillis()).isEqualTo(2_000);
        assertThat(client.readTimeoutMillis()).isEqualTo(5_000);
    }

    private static Response execute(OkHttpClient client, String url) throws IOException {
        return client.newCall(new Request.Builder().url(url).get().build()).execute();
    }

    /** What OkHttp's DNS answered and where it connected. */
    private static final class ConnectRecorder extends EventListener {
        final List<List<InetAddress>> dnsAnswers = new CopyOnWriteArrayList<>();
        final List<InetAddress> connectedTo = new CopyOnWriteArrayList<>();

        @Override
        public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
            dnsAnswers.add(List.copyOf(inetAddressList));
        }

        @Override
        public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
            connectedTo.add(inetSocketAddress.getAddress());
        }
    }
}
