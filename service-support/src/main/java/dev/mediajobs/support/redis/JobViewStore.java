package dev.mediajobs.support.redis;

import dev.mediajobs.common.Job;
import dev.mediajobs.common.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The fast view of jobs that the API reads, kept in Redis. {@link #apply} is monotonic: a snapshot is written only if
 * its version is newer than the stored one and the stored one is not terminal, atomically in one Lua script, so events
 * may arrive twice or out of order from several writers.
 */
public class JobViewStore {

    private static final String APPLY_SCRIPT = """
            local cur = redis.call('HGET', KEYS[1], 'version')
            if cur then
              if tonumber(ARGV[1]) <= tonumber(cur) then return 0 end
              if redis.call('HGET', KEYS[1], 'terminal') == '1' then return 0 end
            end
            redis.call('HSET', KEYS[1], 'version', ARGV[1], 'state', ARGV[2], 'terminal', ARGV[3], 'json', ARGV[4])
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
            return 1
            """;

    private final UnifiedJedis redis;

    public JobViewStore(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** @return true when the snapshot was newer and is now the view */
    public boolean apply(Job job) {
        Object applied = redis.eval(APPLY_SCRIPT,
                List.of(RedisKeys.job(job.id()), RedisKeys.tenantJobs(job.tenant())),
                List.of(Long.toString(job.version()), job.state().wireName(), job.state().isTerminal() ? "1" : "0",
                        JsonCodec.toJson(job), Long.toString(job.createdAt() == null ? 0 : job.createdAt().toEpochMilli()),
                        job.id()));
        return Long.valueOf(1).equals(applied);
    }

    public Optional<Job> find(String jobId) {
        String json = redis.hget(RedisKeys.job(jobId), "json");
        return json == null ? Optional.empty() : Optional.of(JsonCodec.fromJson(json, Job.class));
    }

    /** A job of this tenant; another tenant's job is simply not found. */
    public Optional<Job> find(String tenant, String jobId) {
        return find(jobId).filter(j -> tenant.equals(j.tenant()));
    }

    /** One page of a tenant's jobs, newest first, filtered; {@code cursor} is the opaque value of the previous page. */
    public Page list(String tenant, Predicate<Job> filter, String cursor, int limit) {
        String key = RedisKeys.tenantJobs(tenant);
        Cursor position = Cursor.decode(cursor);
        List<Job> jobs = new ArrayList<>(limit);
        int scanned = 0;
        int batch = Math.max(limit * 2, 50);
        String maxScore = position == null ? "+inf" : Long.toString(position.score());
        Cursor last = position;
        // Scan newest-first in batches, skipping what the cursor already returned; stop after a bounded amount of
        // work so a very selective filter cannot turn one request into a full scan.
        while (jobs.size() < limit && scanned < 10_000) {
            List<Tuple> tuples = redis.zrevrangeByScoreWithScores(key, maxScore, "-inf", 0, batch + 1 + (last == null ? 0 : 50));
            boolean progressed = false;
            for (Tuple t : tuples) {
                long score = (long) t.getScore();
                String id = t.getElement();
                if (last != null && !last.isBefore(score, id)) {
                    continue;
                }
                progressed = true;
                scanned++;
                last = new Cursor(score, id);
                Optional<Job> job = find(id);
                if (job.isPresent() && filter.test(job.get())) {
                    jobs.add(job.get());
                    if (jobs.size() == limit) {
                        break;
                    }
                }
            }
            if (!progressed) {
                return new Page(jobs, null);
            }
            maxScore = Long.toString(last.score());
        }
        return new Page(jobs, last == null ? null : last.encode());
    }

    public record Page(List<Job> jobs, String nextCursor) {
    }

    /** Position in newest-first order: by score descending, then id descending. */
    record Cursor(long score, String id) {
        boolean isBefore(long otherScore, String otherId) {
            return otherScore < score || (otherScore == score && otherId.compareTo(id) < 0);
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((score + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int i = s.indexOf(':');
                return new Cursor(Long.parseLong(s.substring(0, i)), s.substring(i + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this API returned");
            }
        }
    }
}
