package dev.mediajobs.support.testing;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/** A real redis-server process (the binary shipped in org.signal:embedded-redis) on a free port, one per test JVM. */
public final class TestRedis {

    private static RedisServer server;
    private static int port;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (server == null) {
            port = FreePorts.next();
            RedisServer s = RedisServer.builder().port(port).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly no").build();
            s.start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "test-redis-stop"));
            server = s;
        }
        return "redis://127.0.0.1:" + port;
    }

    /** Wipes every key, as a Redis failover or restart without persistence would. */
    public static void flushAll() {
        try (UnifiedJedis client = RedisClient.create(java.net.URI.create(url()))) {
            client.flushAll();
        }
    }
}
