package dev.mediajobs.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class SizeLimitedInputStreamTests {

    @Test
    void passesTheLimitItselfAndFailsOneByteBeyond() throws IOException {
        SizeLimitedInputStream atLimit = new SizeLimitedInputStream(new ByteArrayInputStream(new byte[100]), 100);
        assertThat(atLimit.readAllBytes()).hasSize(100);
        assertThat(atLimit.exceeded()).isFalse();
        assertThat(atLimit.count()).isEqualTo(100);

        SizeLimitedInputStream beyond = new SizeLimitedInputStream(new ByteArrayInputStream(new byte[101]), 100);
        assertThatThrownBy(beyond::readAllBytes).isInstanceOf(SizeLimitedInputStream.TooLargeException.class);
        assertThat(beyond.exceeded()).isTrue();
        assertThat(beyond.count()).as("never more than one byte past the limit").isEqualTo(101);
    }

    @Test
    void remembersWhenTheBodyItselfFailed() {
        IOException broken = new IOException("connection reset");
        SizeLimitedInputStream s = new SizeLimitedInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        }, 100);
        assertThatThrownBy(() -> s.read(new byte[10], 0, 10)).isSameAs(broken);
        assertThat(s.sourceFailure()).isSameAs(broken);
        assertThat(s.exceeded()).isFalse();
    }
}
