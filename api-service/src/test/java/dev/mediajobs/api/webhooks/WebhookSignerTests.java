package dev.mediajobs.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignerTests {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsPerStandardWebhooks() throws Exception {
        // computed here independently: HMAC-SHA256 keyed with the base64-decoded secret over id.timestamp.body
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((ID + "." + TIMESTAMP + "." + BODY).getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSigner.fromSecret(SECRET).sign(ID, TIMESTAMP, BODY)).isEqualTo(expected);
    }

    @Test
    void matchesThePublishedStandardWebhooksExample() {
        // the example of the Standard Webhooks specification (same secret, id, timestamp and body)
        assertThat(WebhookSigner.fromSecret(SECRET).sign(ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationEverySecretSignsAndTheReferenceLibraryAcceptsEither() throws Exception {
        String old = WebhookSigner.generateSecret();
        String current = WebhookSigner.generateSecret();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSigner.fromSecrets(List.of(old, current)).sign(ID, now, BODY);

        assertThat(header.split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
        Map<String, List<String>> headers = Map.of("webhook-id", List.of(ID),
                "webhook-timestamp", List.of(Long.toString(now)), "webhook-signature", List.of(header));
        assertThatCode(() -> new Webhook(old).verify(BODY, headers)).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(current).verify(BODY, headers)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(WebhookSigner.generateSecret()).verify(BODY, headers))
                .as("a secret that is not among them").isInstanceOf(Exception.class);
    }

    @Test
    void prefixIsOptionalAndEveryInputChangesTheSignature() {
        WebhookSigner withPrefix = WebhookSigner.fromSecret(SECRET);
        WebhookSigner withoutPrefix = WebhookSigner.fromSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = withPrefix.sign(ID, TIMESTAMP, BODY);

        assertThat(withoutPrefix.sign(ID, TIMESTAMP, BODY)).isEqualTo(signature);
        assertThat(withPrefix.sign(ID + "x", TIMESTAMP, BODY)).isNotEqualTo(signature);
        assertThat(withPrefix.sign(ID, TIMESTAMP + 1, BODY)).isNotEqualTo(signature);
        assertThat(withPrefix.sign(ID, TIMESTAMP, BODY + " ")).isNotEqualTo(signature);
        assertThat(WebhookSigner.fromSecret(WebhookSigner.generateSecret()).sign(ID, TIMESTAMP, BODY)).isNotEqualTo(signature);
    }

    @Test
    void rejectsMalformedOrShortSecretsWithoutEchoingThem() {
        assertThatThrownBy(() -> WebhookSigner.fromSecret("whsec_not base64 at all!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64 at all");
        // 23 bytes: one short of the Standard Webhooks minimum
        String short23 = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
        assertThatThrownBy(() -> WebhookSigner.fromSecret(short23))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24 bytes");
        assertThatCode(() -> WebhookSigner.fromSecret("whsec_" + Base64.getEncoder().encodeToString(new byte[24])))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> WebhookSigner.fromSecret(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSigner.fromSecrets(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookSigner.fromSecret(SECRET).toString()).doesNotContain("MfKQ");
    }

    @Test
    void generatedSecretsAreUsableAndDistinct() {
        String a = WebhookSigner.generateSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(WebhookSigner.generateSecret()).isNotEqualTo(a);
    }
}
