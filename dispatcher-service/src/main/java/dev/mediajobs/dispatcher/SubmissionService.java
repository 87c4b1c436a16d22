package dev.mediajobs.dispatcher;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderCredentials;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.support.redis.CancelRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a {@code queued} job to its provider, at most once per job id, and publishes the outcome.
 *
 * <h2>Paying at most once</h2>
 * Before calling the provider the job is claimed in Redis ({@link DispatchLedger#claim}, {@code SET NX submitting});
 * once the provider accepted it, the record holds the {@code submitted} snapshot while it is being published and then
 * says {@code submitted <taskId> <keyId>} (see {@link DispatchRecord}). A request for a job whose record says
 * {@code submitted} (a redelivery, or two identical POSTs with one Idempotency-Key) is not submitted again and
 * re-publishes nothing.
 *
 * <h2>Crash safety</h2>
 * A record that still says {@code submitting} when the request arrives means a dispatcher died (or was stopped) in the
 * middle of a submit, and the provider may or may not have created, and charged for, a task:
 * <ul>
 *   <li>providers that accept a client-chosen task id ({@code supportsClientTaskId}) are asked for the task by the job
 *       id ({@link ProviderAdapter#findByClientTaskId}); found → the job is {@code submitted} with that task, not found
 *       → it is submitted now;</li>
 *   <li>for other providers nothing is resubmitted blindly: the job fails with {@link ErrorCodes#SUBMIT_UNRECONCILED}
 *       and a message telling the operator to look for the task on the provider's dashboard.</li>
 * </ul>
 * The same rule covers a submit that got no answer at all (timeout, connection reset; {@code httpStatus() == null}):
 * it is retried only where the task can be looked up first. A dispatcher interrupted while merely waiting to retry
 * after an answered failure gives its claim up, because then it knows that no task exists.
 *
 * <h2>Retries</h2>
 * Rate limits and transient failures are retried up to {@code max-submit-attempts} times with {@link Backoff}
 * (honouring Retry-After), within {@code max-total-retry-wait}; the waits block the listener thread. Every other
 * failure ends the job with the provider's error.
 */
public class SubmissionService {

    private static final Logger log = LoggerFactory.getLogger(SubmissionService.class);

    /** Bounds on retrying one job; see {@link dev.mediajobs.dispatcher.config.DispatcherProperties}. */
    public record RetryPolicy(int maxAttempts, Duration maxTotalWait) {
    }

    private final ProviderRegistry registry;
    private final DispatchLedger ledger;
    private final CancelRequests cancels;
    private final DispatchOutcomes outcomes;
    private final DispatcherMetrics metrics;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RetryPolicy policy;
    private final Clock clock;

    public SubmissionService(ProviderRegistry registry, DispatchLedger ledger, CancelRequests cancels,
                             DispatchOutcomes outcomes, DispatcherMetrics metrics, Backoff backoff, Sleeper sleeper,
                             RetryPolicy policy, Clock clock) {
        this.registry = registry;
        this.ledger = ledger;
        this.cancels = cancels;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.policy = policy;
        this.clock = clock;
    }

    /** A job never claimed before: claim it and submit. */
    public void submit(Job queued, ProviderAdapter adapter) {
        if (cancels.isRequested(queued.id())) {
            outcomes.canceled(queued);
            return;
        }
        Optional<ProviderCredentials> credentials = registry.credentialsForSubmit(adapter.id());
        if (credentials.isEmpty()) {
            String property = "mediajobs.providers." + adapter.id() + ".api-key";
            outcomes.failed(queued, new JobError(ErrorCodes.PROVIDER_NOT_CONFIGURED, "provider '" + adapter.id()
                    + "' has no API key configured: set " + property + " (environment MEDIAJOBS_PROVIDERS_"
                    + adapter.id().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_APIKEY)", false,
                    adapter.id()), "not_configured");
            return;
        }
        // Fallback providers and key pools come later: this is where another adapter or key would be chosen.
        if (!ledger.claim(queued.id(), credentials.get().keyId(), clock.instant())) {
            // only possible when two consumers process the same job at once (a rebalance in the middle of a submit)
            log.warn("job {}: another dispatcher has just claimed it; leaving the submit to that one", queued.id());
            metrics.outcome(queued.provider(), "duplicate");
            return;
        }
        log.info("job {}: submitting to {} with key '{}'", queued.id(), adapter.id(), credentials.get().keyId());
        submitWithRetries(queued, adapter, credentials.get(), false);
    }

    /** The record says {@code submitting}: a dispatcher died mid-submit. See the class comment. */
    public void resumeInterrupted(Job queued, DispatchRecord.Submitting interrupted) {
        String provider = queued.provider();
        String since = interrupted.since() == null ? "" : " at " + interrupted.since();
        Optional<ProviderAdapter> adapter = registry.find(provider);
        if (adapter.isEmpty() || !adapter.get().describe().supportsClientTaskId()) {
            String why = adapter.isEmpty() ? "provider '" + provider + "' is no longer enabled, so the task cannot be looked up"
                    : provider + " cannot look tasks up by our id";
            outcomes.failed(queued, unreconciled(queued, "a dispatcher stopped while submitting job " + queued.id()
                    + " to " + provider + since + " and " + why + ": it is unknown whether a task was created (and charged)"),
                    "unreconciled");
            return;
        }
        Optional<ProviderCredentials> credentials = Optional.ofNullable(interrupted.keyId())
                .flatMap(keyId -> registry.credentials(provider, keyId))
                .or(() -> registry.credentialsForSubmit(provider));
        if (credentials.isEmpty()) {
            outcomes.failed(queued, unreconciled(queued, "a dispatcher stopped while submitting job " + queued.id()
                    + " to " + provider + since + " and no API key is configured any more to look the task up "
                    + "(mediajobs.providers." + provider + ".api-key)"), "unreconciled");
            return;
        }
        log.warn("job {}: a dispatcher stopped while submitting it{}; asking {} for a task with our id first",
                queued.id(), since, provider);
        submitWithRetries(queued, adapter.get(), credentials.get(), true);
    }

    private void submitWithRetries(Job queued, ProviderAdapter adapter, ProviderCredentials credentials,
                                   boolean taskMayExist) {
        String provider = adapter.id();
        boolean clientTaskIds = adapter.describe().supportsClientTaskId();
        ProviderRequest request = ProviderRequest.fromJob(queued);
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            try {
                if (taskMayExist) {
                    Optional<SubmitResult> found = call(provider, () -> adapter.findByClientTaskId(request, credentials));
                    if (found.isPresent()) {
                        log.info("job {}: {} already has task {} for it; not submitting again", queued.id(), provider,
                                found.get().taskId());
                        outcomes.submitted(queued, requireTaskId(found.get(), provider), credentials, "reconciled");
                        return;
                    }
                    log.info("job {}: {} has no task for it; submitting", queued.id(), provider);
                    taskMayExist = false;
                }
                if (cancels.isRequested(queued.id())) {
                    outcomes.canceled(queued);
                    return;
                }
                SubmitResult result = timedSubmit(adapter, request, credentials);
                outcomes.submitted(queued, requireTaskId(result, provider), credentials, "submitted");
                return;
            } catch (ProviderException e) {
                boolean noAnswer = e.kind() == Kind.TRANSIENT && e.httpStatus() == null;
                if (noAnswer && !clientTaskIds) {
                    outcomes.failed(queued, unreconciled(queued, "no answer from " + provider + " to the submit of job "
                            + queued.id() + " (" + e.getMessage() + "), so the task may have been created (and charged) "
                            + "although we never learnt its id; " + provider + " cannot look tasks up by our id"),
                            "unreconciled");
                    return;
                }
                taskMayExist |= noAnswer;
                if (!e.kind().retryable()) {
                    log.warn("job {}: {} refused the call ({}): {}", queued.id(), provider, e.kind(), e.getMessage());
                    if (taskMayExist) {
                        // the refusal came from the look-up, so an earlier submit may still have created a task
                        outcomes.failed(queued, unreconciled(queued, "looking up the task of job " + queued.id() + " at "
                                + provider + " failed (" + e.getMessage() + ") after a submit that got no answer"),
                                "unreconciled");
                        return;
                    }
                    // Fallback seam: AUTH, CREDITS (e.allowsFallback()) could move on to another key or provider here.
                    outcomes.failed(queued, e.toJobError(), "failed");
                    return;
                }
                Duration delay = backoff.delay(attempt, e.retryAfter());
                if (attempt >= policy.maxAttempts() || waited.plus(delay).compareTo(policy.maxTotalWait()) > 0) {
                    giveUp(queued, e, attempt, waited, taskMayExist);
                    return;
                }
                metrics.retry(provider, e.kind());
                log.warn("job {}: {} from {} on attempt {}/{} ({}); retrying in {} ms", queued.id(), e.kind(), provider,
                        attempt, policy.maxAttempts(), e.getMessage(), delay.toMillis());
                waitBeforeRetry(queued, delay, taskMayExist);
                waited = waited.plus(delay);
            }
        }
    }

    private void giveUp(Job queued, ProviderException last, int attempts, Duration waited, boolean taskMayExist) {
        log.warn("job {}: giving up after {} attempt(s) and {} ms of waiting: {}", queued.id(), attempts,
                waited.toMillis(), last.getMessage());
        if (taskMayExist) {
            outcomes.failed(queued, unreconciled(queued, "the last submit of job " + queued.id() + " to "
                    + queued.provider() + " got no answer (" + last.getMessage() + ") and the dispatcher gave up after "
                    + attempts + " attempt(s); a task with client id " + queued.id() + " may exist"), "gave_up");
        } else {
            JobError error = last.toJobError();
            outcomes.failed(queued, new JobError(error.code(), error.message() + " (gave up after " + attempts
                    + " attempt(s))", error.retryable(), error.provider()), "gave_up");
        }
    }

    private void waitBeforeRetry(Job queued, Duration delay, boolean taskMayExist) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!taskMayExist) {
                // every attempt so far was answered with a refusal: no task exists, so a redelivery may submit afresh
                ledger.release(queued.id());
            }
            throw new IllegalStateException("job " + queued.id() + ": interrupted while waiting to retry the submit", e);
        }
    }

    private SubmitResult timedSubmit(ProviderAdapter adapter, ProviderRequest request, ProviderCredentials credentials)
            throws ProviderException {
        long start = System.nanoTime();
        try {
            return call(adapter.id(), () -> adapter.submit(request, credentials));
        } finally {
            metrics.submitTimer(adapter.id()).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** An adapter's own bug (a RuntimeException) leaves the outcome of the call unknown, like a lost answer. */
    private static <T> T call(String provider, ProviderCall<T> call) throws ProviderException {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw new ProviderException(Kind.TRANSIENT, provider, "the " + provider + " adapter failed: " + e, e);
        }
    }

    private static SubmitResult requireTaskId(SubmitResult result, String provider) throws ProviderException {
        if (result.taskId() == null || result.taskId().isBlank()) {
            // accepted, but we cannot poll it: not a case to retry (it would be paid again)
            throw new ProviderException(Kind.MALFORMED_RESPONSE, provider, null,
                    provider + " accepted the task but returned no task id", null);
        }
        return result;
    }

    private static JobError unreconciled(Job queued, String what) {
        return new JobError(ErrorCodes.SUBMIT_UNRECONCILED, what + ". Check " + queued.provider()
                + "'s dashboard for a task of job " + queued.id() + " before submitting it again.", false, queued.provider());
    }

    @FunctionalInterface
    private interface ProviderCall<T> {
        T run() throws ProviderException;
    }
}
