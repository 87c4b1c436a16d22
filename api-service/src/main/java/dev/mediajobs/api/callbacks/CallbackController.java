package dev.mediajobs.api.callbacks;

import dev.mediajobs.api.callbacks.CallbackMetrics.Outcome;
import dev.mediajobs.api.config.ApiProperties;
import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.Job;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.redis.JobViewStore;
import dev.mediajobs.support.redis.PollNudges;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code POST /v1/callbacks/{jobId}/{token}}: a provider (Kie's {@code callBackUrl}, Runware's {@code webhookURL})
 * says a task has ended. There is no API key: the URL itself is the credential, its token derived from the job id by
 * {@link CallbackTokens}, and anything that does not verify is an indistinguishable 404.
 *
 * <p>The body is never trusted, not even parsed: a callback only makes the job's next poll due at once
 * ({@link PollNudges}), and the poll, made with the key that submitted the task, decides what happened. So a forged
 * or replayed callback costs one early poll at most, and a lost one costs the wait until the scheduled poll.
 *
 * <p>The answer comes quickly and is a 200 whenever the token verifies, even for a task the poller no longer (or not
 * yet) tracks: providers retry anything else. Only when Redis cannot take the nudge is it a 503, so the provider
 * tries again later (polling stays the safety net either way). The token never reaches a log line.
 */
@RestController
public class CallbackController {

    /** The route; {@link dev.mediajobs.api.auth.ApiKeyAuthFilter} leaves everything under it to the token check. */
    public static final String PATH_PREFIX = "/v1/callbacks/";

    private static final Logger log = LoggerFactory.getLogger(CallbackController.class);
    private static final Map<String, Boolean> RECEIVED = Map.of("received", true);

    private final CallbackTokens tokens;
    private final PollNudges nudges;
    private final JobViewStore view;
    private final CallbackMetrics metrics;
    private final long maxBodyBytes;

    public CallbackController(CallbackTokens tokens, PollNudges nudges, JobViewStore view, CallbackMetrics metrics,
                              ApiProperties properties) {
        this.tokens = tokens;
        this.nudges = nudges;
        this.view = view;
        this.metrics = metrics;
        this.maxBodyBytes = properties.getMaxCallbackBodyBytes().toBytes();
    }

    @PostMapping(PATH_PREFIX + "{jobId}/{token}")
    public ResponseEntity<Map<String, Boolean>> receive(@PathVariable String jobId, @PathVariable String token,
                                                        HttpServletRequest request) throws IOException {
        if (!tokens.verify(jobId, token)) {
            // an unknown job, a wrong token and callbacks being off all look the same from outside
            metrics.received(null, Outcome.REJECTED);
            log.debug("callback refused for job id {}: unknown job, wrong token or callbacks off", CallbackPaths.printable(jobId));
            throw ApiProblem.notFound("no such callback");
        }
        long size = CallbackBody.drain(request, maxBodyBytes).orElseThrow(() -> {
            metrics.received(null, Outcome.REJECTED);
            log.warn("job {}: callback refused, its body is larger than {} bytes", jobId, maxBodyBytes);
            return ApiProblem.payloadTooLarge(maxBodyBytes);
        });
        boolean scheduled;
        try {
            scheduled = nudges.nudge(jobId);
        } catch (JedisException e) {
            metrics.received(null, Outcome.UNAVAILABLE);
            log.warn("job {}: callback not recorded, Redis is unavailable ({}); the provider retries, polling goes on",
                    jobId, e.toString());
            throw ApiProblem.unavailable("the callback could not be recorded; retry later");
        }
        String provider = providerOf(jobId);
        metrics.received(provider, scheduled ? Outcome.ACCEPTED : Outcome.UNSCHEDULED);
        if (scheduled) {
            log.info("job {}: {} called back ({} bytes), polling now", jobId, provider, size);
        } else {
            log.info("job {}: {} called back ({} bytes) for a task not in the poll schedule (not tracked yet, or done);"
                    + " the poller sees the flag when it tracks it", jobId, provider, size);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(RECEIVED);
    }

    /** The job's provider for the metric, from the API's view; null when the view does not have it (or Redis fails). */
    private String providerOf(String jobId) {
        try {
            return view.find(jobId).map(Job::provider).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
