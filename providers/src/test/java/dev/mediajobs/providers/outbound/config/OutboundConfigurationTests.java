package dev.mediajobs.providers.outbound.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mediajobs.providers.config.ProvidersConfiguration;
import dev.mediajobs.providers.openai.OpenAiProviderAdapter;
import dev.mediajobs.providers.outbound.BlockedUrlException;
import dev.mediajobs.providers.outbound.OutboundPolicy;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configured policy: strict by default, exempting what {@code mediajobs.outbound.allow-list} names. */
class OutboundConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OutboundConfiguration.class, ProvidersConfiguration.class));

    @Test
    void withoutAnAllowListThePolicyIsStrictAndTheAdaptersUseIt() {
        runner.run(context -> {
            OutboundPolicy policy = context.getBean(OutboundPolicy.class);
            assertThat(catchThrowableOfType(BlockedUrlException.class, () -> policy.check(URI.create("http://127.0.0.1/"))).reason())
                    .isEqualTo("loopback");
            assertThat(context).hasSingleBean(OpenAiProviderAdapter.class);
        });
    }

    @Test
    void aCommaSeparatedAllowListExemptsItsEntries() {
        runner.withPropertyValues("mediajobs.outbound.allow-list=127.0.0.1, 10.0.0.0/8").run(context -> {
            OutboundPolicy policy = context.getBean(OutboundPolicy.class);
            assertThat(policy.check(URI.create("http://127.0.0.1:8080/")).addresses()).hasSize(1);
            assertThat(policy.check(URI.create("http://10.1.2.3/")).addresses()).hasSize(1);
            assertThat(catchThrowableOfType(BlockedUrlException.class, () -> policy.check(URI.create("http://192.168.1.1/"))).reason())
                    .isEqualTo("private");
        });
    }

    @Test
    void aMalformedAllowListEntryFailsTheStartup() {
        runner.withPropertyValues("mediajobs.outbound.allow-list=127.1").run(context -> assertThat(context).hasFailed());
    }
}
