package dev.mediajobs.providers.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF guard's decisions, without network access: names resolve through a fixed table (the test seam), IP
 * literals are never resolved at all.
 */
class OutboundPolicyTests {

    /** The test's DNS. Anything else is unknown. */
    private static final Map<String, List<String>> NAMES = Map.of(
            "intranet.example", List.of("10.0.0.5"),
            "rebind.example", List.of("93.184.215.14", "127.0.0.1"),
            "public.example", List.of("93.184.215.14"),
            "v6.example", List.of("2606:4700::1111"),
            "localhost", List.of("127.0.0.1"));

    private final List<String> resolved = new CopyOnWriteArrayList<>();
    private final Resolver resolver = host -> {
        resolved.add(host);
        List<String> addresses = NAMES.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses.stream().map(OutboundPolicyTests::literal).toList();
    };

    private final OutboundPolicy strict = new OutboundPolicy(List.of(), resolver);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1/                              | loopback
            http://127.255.255.254:8080/x                  | loopback
            http://localhost/                              | loopback
            http://LOCALHOST./                             | loopback
            http://app.localhost/                          | loopback
            http://127.1/                                  | ambiguous_ip
            http://0177.0.0.1/                             | ambiguous_ip
            http://2130706433/                             | ambiguous_ip
            http://0x7f000001/                             | ambiguous_ip
            http://0x7f.1/                                 | ambiguous_ip
            http://127.0.0.1./                             | ambiguous_ip
            http://[::ffff:0177.0.0.1]/                    | ambiguous_ip
            http://169.254.169.254/latest/meta-data/       | metadata
            http://169.254.170.2/v2/credentials            | metadata
            http://metadata.google.internal/computeMetadata/v1/ | metadata
            http://instance-data/latest/                   | metadata
            http://[fd00:ec2::254]/                        | metadata
            http://[::ffff:a9fe:a9fe]/                     | metadata
            http://169.254.1.1/                            | link_local
            http://10.1.2.3/                               | private
            http://172.16.0.1/                             | private
            http://172.31.255.255/                         | private
            http://192.168.1.1/                            | private
            http://100.64.0.1/                             | cgnat
            http://0.0.0.0/                                | unspecified
            http://0.1.2.3/                                | unspecified
            http://224.0.0.1/                              | multicast
            http://255.255.255.255/                        | broadcast
            http://240.0.0.1/                              | reserved
            http://198.18.0.1/                             | benchmark
            http://192.0.2.1/                              | documentation
            http://203.0.113.9/                            | documentation
            http://[::1]/                                  | loopback
            http://[::]/                                   | unspecified
            http://[::ffff:127.0.0.1]/                     | loopback
            http://[::ffff:7f00:1]/                        | loopback
            http://[::127.0.0.1]/                          | loopback
            http://[64:ff9b::7f00:1]/                      | loopback
            http://[64:ff9b::a00:5]/                       | private
            http://[64:ff9b:1::a00:1]/                     | private
            http://[2002:7f00:1::]/                        | loopback
            http://[2002:a9fe:a9fe::1]/                    | metadata
            http://[2001::1]/                              | teredo
            http://[2001:db8::1]/                          | documentation
            http://[fe80::1]/                              | link_local
            http://[fe80::1%25eth0]/                       | link_local
            http://[fd00::1]/                              | private
            http://[fc00::1]/                              | private
            http://[ff02::1]/                              | multicast
            http://[fec0::1]/                              | reserved
            http://[2606:4700::1111%25eth0]/               | ipv6_zone
            file:///etc/passwd                             | scheme
            gopher://x/_SSRF                               | scheme
            ftp://ftp.example.com/file.png                 | scheme
            dict://127.0.0.1:11211/stat                    | scheme
            jar:http://public.example/a.jar!/x             | scheme
            //public.example/relative                      | scheme
            http://user@127.0.0.1/                         | userinfo
            http://public.example@127.0.0.1/               | userinfo
            https://user:pass@public.example/              | userinfo
            http://intranet.example/in.png?X-Amz-Signature=secret | private
            http://rebind.example/                         | loopback
            http://nowhere.example/                        | unresolvable
            http://%31%32%37.0.0.1/                        | ambiguous_ip
            http://%6c%6f%63%61%6c%68%6f%73%74/            | invalid_host
            http://under_score.example/                    | invalid_host
            http://a..example/                             | invalid_host
            http:///no-host                                | invalid_host
            http://127.0.0.1:99999/                        | invalid_host
            """)
    void refusesHostileUrlsWithTheirReason(String url, String reason) {
        BlockedUrlException refused = catchThrowableOfType(BlockedUrlException.class, () -> strict.check(URI.create(url)));

        assertThat(refused).as(url).isNotNull();
        assertThat(refused.reason()).as(url).isEqualTo(reason);
        assertThat(refused.getMessage()).as(url).isNotBlank().doesNotContain("secret").doesNotContain("pass");
    }

    @Test
    void literalsAndNameRulesNeverReachTheResolver() {
        for (String url : List.of("http://10.1.2.3/", "http://[::1]/", "http://2130706433/", "http://localhost/",
                "http://metadata.google.internal/", "http://user@public.example/", "ftp://public.example/")) {
            catchThrowableOfType(BlockedUrlException.class, () -> strict.check(URI.create(url)));
        }
        assertThat(resolved).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://93.184.215.14/                 | 93.184.215.14
            https://[2606:4700::1111]/            | 2606:4700::1111
            https://public.example/a.png?sig=1    | 93.184.215.14
            HTTPS://PUBLIC.EXAMPLE./              | 93.184.215.14
            http://public.example:/               | 93.184.215.14
            http://v6.example:8443/               | 2606:4700::1111
            http://[::ffff:93.184.215.14]/        | 93.184.215.14
            http://[64:ff9b::5db8:d70e]/          | 64:ff9b::5db8:d70e
            http://[2002:5db8:d70e::1]/           | 2002:5db8:d70e::1
            """)
    void allowsPublicAddressesAndReturnsWhatItChecked(String url, String address) throws BlockedUrlException {
        ResolvedTarget target = strict.check(URI.create(url));

        assertThat(target.uri()).isEqualTo(URI.create(url));
        assertThat(target.addresses()).containsExactly(literal(address));
    }

    @Test
    void messagesNameTheAddressItsClassAndTheSetting() {
        assertThat(refusal(strict, "http://intranet.example/hook").getMessage()).isEqualTo("host resolves to 10.0.0.5, a private "
                + "address; mediajobs only calls public addresses (allow-list: mediajobs.outbound.allow-list)");
        assertThat(refusal(strict, "http://[64:ff9b::7f00:1]/").getMessage())
                .startsWith("host [64:ff9b::7f00:1] is a NAT64 address embedding 127.0.0.1, a loopback address;");
        assertThat(refusal(strict, "http://0177.0.0.1/").getMessage()).startsWith("host 0177.0.0.1 is not a canonical IP address");
        assertThat(refusal(strict, "ftp://public.example/").getMessage()).isEqualTo("must be an http or https URL, not ftp");
    }

    @Test
    void theAllowListExemptsAddressesBlocksAndNamesButNothingElse() throws BlockedUrlException {
        OutboundPolicy loopback = new OutboundPolicy(List.of("127.0.0.1"), resolver);
        assertThat(loopback.check(URI.create("http://127.0.0.1:8080/x")).addresses()).containsExactly(literal("127.0.0.1"));
        assertThat(loopback.check(URI.create("http://[::ffff:127.0.0.1]/")).addresses()).containsExactly(literal("127.0.0.1"));
        assertThat(refusal(loopback, "http://127.0.0.2/").reason()).isEqualTo("loopback");
        assertThat(refusal(loopback, "http://127.1/").reason()).as("spelling tricks stay refused").isEqualTo("ambiguous_ip");
        assertThat(refusal(loopback, "http://user@127.0.0.1/").reason()).isEqualTo("userinfo");
        assertThat(refusal(loopback, "http://localhost/").reason()).as("a name is exempt only by its name").isEqualTo("loopback");

        OutboundPolicy block = new OutboundPolicy(List.of(" 10.0.0.0/8 ", "", "fd00::/8"), resolver);
        assertThat(block.check(URI.create("http://intranet.example/")).addresses()).containsExactly(literal("10.0.0.5"));
        assertThat(block.check(URI.create("http://[fd12::1]/")).addresses()).containsExactly(literal("fd12::1"));
        assertThat(refusal(block, "http://rebind.example/").reason()).isEqualTo("loopback");

        OutboundPolicy names = new OutboundPolicy(List.of("Intranet.Example", "localhost"), resolver);
        assertThat(names.check(URI.create("http://intranet.example./")).addresses()).containsExactly(literal("10.0.0.5"));
        assertThat(names.check(URI.create("http://localhost:8080/")).addresses()).containsExactly(literal("127.0.0.1"));
        assertThat(refusal(names, "http://10.0.0.5/").reason()).isEqualTo("private");
    }

    @Test
    void malformedAllowListEntriesFailAtStartup() {
        for (String entry : List.of("127.1", "10.0.0.0/33", "0x7f000001", "bad host!", "::1/129", "2130706433")) {
            assertThatThrownBy(() -> OutboundPolicy.allowing(List.of(entry))).as(entry).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(OutboundPolicy.allowing((Collection<String>) List.of("127.0.0.1", "[::1]", "files.internal.example"))).isNotNull();
    }

    @Test
    void strictAndAllowingNeedNoDnsForLiterals() throws BlockedUrlException {
        // strict() and allowing() resolve through the system; literals must not touch it, so this runs offline
        assertThat(OutboundPolicy.strict().check(URI.create("http://93.184.215.14/")).addresses())
                .containsExactly(literal("93.184.215.14"));
        assertThat(refusal(OutboundPolicy.strict(), "http://169.254.169.254/").reason()).isEqualTo("metadata");
    }

    private static BlockedUrlException refusal(OutboundPolicy policy, String url) {
        return catchThrowableOfType(BlockedUrlException.class, () -> policy.check(URI.create(url)));
    }

    static InetAddress literal(String text) {
        byte[] bytes = text.contains(":") ? IpLiterals.parseIpv6(text) : IpLiterals.parseIpv4(text);
        return IpLiterals.address(bytes);
    }
}
