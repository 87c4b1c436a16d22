package dev.mediajobs.support.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code mediajobs.redis.*}. */
@ConfigurationProperties(prefix = "mediajobs.redis")
public class MediajobsRedisProperties {

    /** e.g. {@code redis://127.0.0.1:6379} or {@code rediss://user:pass@host:6380/0}. */
    private String url = "redis://127.0.0.1:6379";
    /** Connections in the pool: at least the number of threads that use Redis at once (e.g. concurrent polls). */
    private int maxConnections = 64;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
}
