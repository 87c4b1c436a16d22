package dev.mediajobs.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    void rejectsMalformedSecretsWithoutEchoingThem() {
        assertThatThrownBy(() -> WebhookSigner.fromSecret("whsec_not base64 at all!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64 at all");
        assertThatThrownBy(() -> WebhookSigner.fromSecret("whsec_c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> WebhookSigner.fromSecret(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedSecretsAreUsableAndDistinct() {
        String a = WebhookSigner.generateSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(WebhookSigner.generateSecret()).isNotEqualTo(a);
    }
}
