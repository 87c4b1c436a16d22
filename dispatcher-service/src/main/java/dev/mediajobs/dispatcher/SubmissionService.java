package dev.mediajobs.dispatcher;

import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.Job;
import dev.mediajobs.common.JobError;
import dev.mediajobs.common.JobOptions;
import dev.mediajobs.providers.ProviderAdapter;
import dev.mediajobs.providers.ProviderException;
import dev.mediajobs.providers.ProviderException.Kind;
import dev.mediajobs.providers.ProviderRegistry;
import dev.mediajobs.providers.ProviderRequest;
import dev.mediajobs.providers.SubmitResult;
import dev.mediajobs.providers.validation.FallbackRequests;
import dev.mediajobs.support.callbacks.CallbackTokens;
import dev.mediajobs.support.limits.LimitScope;
import dev.mediajobs.support.limits.LimiterMetrics;
import dev.mediajobs.support.limits.ProviderCall;
import dev.mediajobs.support.redis.CancelRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a {@code queued} job to a provider, at most once per job id, and publishes the outcome.
 *
 * <h2>Keys, limits and fallbacks</h2>
 * Every call goes through the {@link SubmitGate}: the API key is the next one of the provider's pool in a rotation
 * shared by all instances, skipping benched keys, and the shared limiter must grant it (the listener thread sleeps
 * until it does, up to {@code max-limiter-wait} per delivery). A key the provider refuses (401/403, 402) is benched and
 * the next key is tried at once. When no key of the provider is left, or its retries are used up, the job moves down
 * its fallback chain ({@link FallbackChain}: the job's {@code fallbacks} option, then the provider's configured
 * ones), each provider once. A validation error never falls back: another provider would not make the request right.
 * A fallback provider that takes the job is named in the {@code submitted} snapshot ({@code provider}, {@code model},
 * {@code result.fallbackFrom}), so the poller polls it, with the key that submitted.
 *
 * <h2>Paying at most once</h2>
 * Just before each submit call the job is claimed in Redis ({@link DispatchLedger#claim}, {@code SET NX
 * submitting <provider> <key>}); once the provider accepted it, the record holds the {@code submitted} snapshot while
 * it is being published and then says {@code submitted <taskId> <keyId>} (see {@link DispatchRecord}). A call the
 * provider answered with a refusal created no task, so the claim is given up again until the next call: a delivery
 * that dies while waiting between calls leaves nothing behind and the redelivery simply starts over.
 *
 * <h2>Crash safety</h2>
 * A record that still says {@code submitting} when the request arrives means a dispatcher died (or was stopped) in the
 * middle of a submit, and the provider named in it may or may not have created, and charged for, a task:
 * <ul>
 *   <li>providers that accept a client-chosen task id ({@code supportsClientTaskId}) are asked for the task by the job
 *       id with the key named in the record ({@link ProviderAdapter#findByClientTaskId}); found → the job is
 *       {@code submitted} with that task, not found → it is submitted now;</li>
 *   <li>for other providers nothing is resubmitted blindly: the job fails with {@link ErrorCodes#SUBMIT_UNRECONCILED}
 *       and a message telling the operator to look for the task on the provider's dashboard.</li>
 * </ul>
 * The same rule covers a submit that got no answer at all (timeout, connection reset; {@code httpStatus() == null}):
 * it is retried only where the task can be looked up first, and never falls back (the first task may exist).
 *
 * <h2>Retries</h2>
 * A 429 blocks the provider and key for every instance until its Retry-After has passed, and the retry then waits in
 * the limiter; transient failures back off with {@link Backoff} within {@code max-total-retry-wait}. Either way a
 * provider gets at most {@code max-submit-attempts} calls per job before the job moves on down its chain.
 */
public class SubmissionService {

    private static final Logger log = LoggerFactory.getLogger(SubmissionService.class);

    /** The key of {@code result} that lists the providers a job fell back from, in order. */
    public static final String FALLBACK_FROM = "fallbackFrom";

    /** Bounds on retrying one job; see {@link dev.mediajobs.dispatcher.config.DispatcherProperties}. */
    public record RetryPolicy(int maxAttempts, Duration maxTotalWait) {
    }

    /** A provider of the chain, ready to be called: its adapter, the job as it would name it, the request. */
    private record Target(ProviderAdapter adapter, Job job, ProviderRequest request) {

        String provider() {
            return adapter.id();
        }
    }

    private final ProviderRegistry registry;
    private final DispatchLedger ledger;
    private final CancelRequests cancels;
    private final DispatchOutcomes outcomes;
    private final DispatcherMetrics metrics;
    private final SubmitGate gate;
    private final CallbackTokens callbacks;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RetryPolicy policy;
    private final Clock clock;

    public SubmissionService(ProviderRegistry registry, DispatchLedger ledger, CancelRequests cancels,
                             DispatchOutcomes outcomes, DispatcherMetrics metrics, SubmitGate gate,
                             CallbackTokens callbacks, Backoff backoff, Sleeper sleeper, RetryPolicy policy,
                             Clock clock) {
        this.registry = registry;
        this.ledger = ledger;
        this.cancels = cancels;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.gate = gate;
        this.callbacks = callbacks;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.policy = policy;
        this.clock = clock;
    }

    /** A job never claimed before (validated, its provider resolved): submit it to the first provider that takes it. */
    public void submit(Job queued) {
        if (cancels.isRequested(queued.id())) {
            outcomes.canceled(queued);
            return;
        }
        run(new SubmitAttempt(queued, FallbackChain.of(queued, registry)), 0);
    }

    /** The record says {@code submitting}: a dispatcher died mid-submit. See the class comment. */
    public void resumeInterrupted(Job queued, DispatchRecord.Submitting interrupted) {
        String provider = interrupted.provider() != null ? interrupted.provider() : queued.provider();
        String since = interrupted.since() == null ? "" : " at " + interrupted.since();
        String what = "a dispatcher stopped while submitting job " + queued.id() + " to " + provider + since;
        Optional<ProviderAdapter> adapter = registry.find(provider);
        if (adapter.isEmpty() || !adapter.get().describe().supportsClientTaskId()) {
            String why = adapter.isEmpty() ? "provider '" + provider + "' is no longer enabled, so the task cannot be looked up"
                    : provider + " cannot look tasks up by our id";
            failUnreconciled(queued, provider, what + " and " + why
                    + ": it is unknown whether a task was created (and charged)", "unreconciled");
            return;
        }
        // a record from before key pools names no key: it was the provider's first
        String keyId = interrupted.keyId() != null ? interrupted.keyId()
                : gate.hasKeys(provider) ? registry.settings(provider).keysByName().keySet().iterator().next() : null;
        if (keyId == null || registry.credentials(provider, keyId).isEmpty()) {
            failUnreconciled(queued, provider, what + " and its API key '" + keyId + "' is not configured any more to "
                    + "look the task up (mediajobs.providers." + provider + ".api-key / api-keys." + keyId + ")",
                    "unreconciled");
            return;
        }
        log.warn("job {}: a dispatcher stopped while submitting it to {}{}; asking {} for a task with our id first",
                queued.id(), provider, since, provider);
        List<FallbackChain.Entry> chain = FallbackChain.of(queued, registry);
        int index = FallbackChain.indexOf(chain, provider);
        if (index < 0) { // the chain changed since: finish with this provider alone
            chain = List.of(new FallbackChain.Entry(provider, provider.equals(queued.provider()) ? queued.model() : null));
            index = 0;
        }
        SubmitAttempt attempt = new SubmitAttempt(queued, chain);
        attempt.claimed = true;
        attempt.pin(provider, keyId);
        run(attempt, index);
    }

    private void run(SubmitAttempt attempt, int from) {
        try {
            for (int i = from; i < attempt.chain.size(); i++) {
                Optional<Target> target = prepare(attempt, i);
                if (target.isEmpty()) {
                    continue;
                }
                if (attempt.leftProvider != null) {
                    metrics.fallback(attempt.leftProvider, target.get().provider(), attempt.leftReason);
                    log.info("job {}: {} did not take it ({}); falling back to {}", attempt.jobId(),
                            attempt.leftProvider, attempt.leftReason, target.get().provider());
                }
                if (submitTo(attempt, target.get())) {
                    return;
                }
            }
            failNoProviderTookIt(attempt);
        } catch (LimiterWaitExceededException | SubmitInterruptedException e) {
            abandon(attempt);
            throw e;
        } finally {
            metrics.limiterWait(attempt.queued.provider(), attempt.limiterWaited);
        }
    }

    /** The chain's i-th provider with the job and request it would get, or empty (and why) when it cannot be used. */
    private Optional<Target> prepare(SubmitAttempt attempt, int index) {
        FallbackChain.Entry entry = attempt.chain.get(index);
        String provider = entry.provider();
        Optional<ProviderAdapter> adapter = registry.find(provider);
        if (adapter.isEmpty()) {
            skip(attempt, provider, "not_enabled", "not enabled",
                    new JobError(ErrorCodes.UNKNOWN_PROVIDER, "provider '" + provider + "' is not enabled", false, provider),
                    "failed");
            return Optional.empty();
        }
        if (!gate.hasKeys(provider)) {
            String property = "mediajobs.providers." + provider + ".api-key";
            skip(attempt, provider, "not_configured", "no API key configured", new JobError(
                    ErrorCodes.PROVIDER_NOT_CONFIGURED, "provider '" + provider + "' has no API key configured: set "
                    + property + " (environment MEDIAJOBS_PROVIDERS_" + provider.toUpperCase(Locale.ROOT).replace('-', '_')
                    + "_APIKEY)", false, provider), "not_configured");
            return Optional.empty();
        }
        Job queued = attempt.queued;
        ProviderRequest request = new ProviderRequest(queued.id(), queued.operation(), entry.model(), queued.input(),
                JobOptions.forProvider(queued.options()), callbackUrl(adapter.get(), queued.id()));
        if (index == 0) {
            return Optional.of(new Target(adapter.get(), queued, request));
        }
        FallbackRequests.Fit fit = FallbackRequests.fit(adapter.get(), request, entry.model());
        if (!fit.fits()) {
            String problem = fit.errors().getFirst().field() + ": " + fit.errors().getFirst().message();
            skip(attempt, provider, "unfit", "cannot take the request (" + problem + ")", new JobError(
                    ErrorCodes.INVALID_REQUEST, "fallback provider '" + provider + "' cannot take the request: " + problem,
                    false, provider), "failed");
            return Optional.empty();
        }
        Map<String, Object> result = new LinkedHashMap<>(queued.result());
        result.put(FALLBACK_FROM, attempt.chain.subList(0, index).stream().map(FallbackChain.Entry::provider).toList());
        Job asFallback = queued.toBuilder().provider(provider).model(fit.model()).result(result).build();
        return Optional.of(new Target(adapter.get(), asFallback, FallbackRequests.withModel(request, fit.model())));
    }

    private static void skip(SubmitAttempt attempt, String provider, String reason, String why, JobError error,
                             String outcome) {
        log.info("job {}: skipping {} in its chain: {}", attempt.jobId(), provider, why);
        attempt.tried(provider, why);
        attempt.left(provider, reason, error, outcome, false);
    }

    /**
     * Calls one provider until it takes the job, refuses it for good, or runs out of keys or retries.
     *
     * @return true when the job's outcome is settled (published, or left to another dispatcher); false to move on
     */
    private boolean submitTo(SubmitAttempt attempt, Target target) {
        String provider = target.provider();
        ProviderAdapter adapter = target.adapter();
        boolean clientTaskIds = adapter.describe().supportsClientTaskId();
        int failures = 0;
        while (true) {
            boolean lookUp = attempt.taskMayExist;
            SubmitGate.Permit permit;
            if (lookUp) {
                permit = gate.forKey(attempt, provider, attempt.pinnedKey, ProviderCall.OTHER);
            } else {
                Optional<SubmitGate.Permit> granted = gate.forSubmit(attempt, provider);
                if (granted.isEmpty()) {
                    leaveWithoutKeys(attempt, provider);
                    return false;
                }
                permit = granted.get();
            }
            LimitScope scope = permit.scope();
            ProviderCall call = lookUp ? ProviderCall.OTHER : ProviderCall.SUBMIT;
            try {
                if (lookUp) {
                    SubmitGate.Permit lookUpPermit = permit;
                    Optional<SubmitResult> found = call(provider,
                            () -> adapter.findByClientTaskId(target.request(), lookUpPermit.credentials()));
                    if (found.isPresent()) {
                        requireTaskId(found.get(), provider);
                        gate.called(scope, ProviderCall.OTHER, LimiterMetrics.OK);
                        log.info("job {}: {} already has task {} for it; not submitting again", attempt.jobId(),
                                provider, found.get().taskId());
                        submitted(attempt, target, found.get(), permit, "reconciled");
                        return true;
                    }
                    gate.called(scope, ProviderCall.OTHER, LimiterMetrics.OK);
                    log.info("job {}: {} has no task for it; submitting", attempt.jobId(), provider);
                    attempt.taskMayExist = false;
                    permit = gate.forKey(attempt, provider, scope.keyId(), ProviderCall.SUBMIT);
                    call = ProviderCall.SUBMIT;
                }
                if (cancels.isRequested(attempt.jobId())) {
                    gate.releaseSlots(attempt);
                    giveUpClaim(attempt);
                    outcomes.canceled(attempt.queued);
                    return true;
                }
                if (!claim(attempt, provider, scope.keyId())) {
                    // only possible when two consumers process the same job at once (a rebalance mid-submit)
                    log.warn("job {}: another dispatcher has just claimed it; leaving the submit to that one",
                            attempt.jobId());
                    metrics.outcome(provider, "duplicate");
                    return true;
                }
                log.info("job {}: submitting to {} with key '{}'", attempt.jobId(), provider, scope.keyId());
                SubmitResult result = requireTaskId(timedSubmit(adapter, target.request(), permit), provider);
                gate.called(scope, ProviderCall.SUBMIT, LimiterMetrics.OK);
                submitted(attempt, target, result, permit, "submitted");
                return true;
            } catch (ProviderException e) {
                gate.called(scope, call, LimiterMetrics.outcome(e));
                boolean noAnswer = e.kind() == Kind.TRANSIENT && e.httpStatus() == null;
                if (call == ProviderCall.SUBMIT && noAnswer) {
                    if (!clientTaskIds) {
                        failUnreconciled(attempt.queued, provider, "no answer from " + provider + " to the submit of job "
                                + attempt.jobId() + " (" + e.getMessage() + "), so the task may have been created (and "
                                + "charged) although we never learnt its id; " + provider
                                + " cannot look tasks up by our id", "unreconciled");
                        return true;
                    }
                    attempt.pin(provider, scope.keyId()); // the claim and the slot stay: the task may exist
                } else if (call == ProviderCall.OTHER && !e.kind().retryable()) {
                    log.warn("job {}: {} refused the look-up ({}): {}", attempt.jobId(), provider, e.kind(), e.getMessage());
                    failUnreconciled(attempt.queued, provider, "looking up the task of job " + attempt.jobId() + " at "
                            + provider + " failed (" + e.getMessage() + ") after a submit that got no answer",
                            "unreconciled");
                    return true;
                } else if (call == ProviderCall.SUBMIT && e.kind() != Kind.MALFORMED_RESPONSE) {
                    // the provider answered with a refusal: no task was created, nothing to hold on to
                    gate.releaseSlot(attempt, scope);
                    giveUpClaim(attempt);
                }
                switch (e.kind()) {
                    case AUTH, CREDITS -> {
                        String reason = gate.benchKey(scope, e);
                        attempt.tried(scope.toString(), reason);
                        attempt.left(provider, LimiterMetrics.outcome(e), e.toJobError(), "failed", true);
                        continue; // the next key of the pool, at once
                    }
                    case RATE_LIMITED -> gate.rateLimited(scope, e.retryAfter()); // the retry waits in the limiter
                    case TRANSIENT -> {
                    }
                    default -> {
                        // the request's own fault, or an answer we cannot use: another provider would not help
                        log.warn("job {}: {} refused the call ({}): {}", attempt.jobId(), provider, e.kind(),
                                e.getMessage());
                        attempt.tried(scope.toString(), LimiterMetrics.outcome(e));
                        outcomes.failed(attempt.queued, withTried(e.toJobError(), attempt), "failed");
                        return true;
                    }
                }
                failures++;
                Duration delay = e.kind() == Kind.RATE_LIMITED ? Duration.ZERO : backoff.delay(failures, e.retryAfter());
                if (failures >= policy.maxAttempts() || attempt.retryWaited.plus(delay).compareTo(policy.maxTotalWait()) > 0) {
                    if (giveUp(attempt, provider, scope, e, failures)) {
                        return true;
                    }
                    return false;
                }
                metrics.retry(provider, e.kind());
                log.warn("job {}: {} from {} on attempt {}/{} ({}); retrying{}", attempt.jobId(), e.kind(), provider,
                        failures, policy.maxAttempts(), e.getMessage(),
                        delay.isZero() ? " when the limiter allows" : " in " + delay.toMillis() + " ms");
                if (delay.isPositive()) {
                    pause(attempt, delay);
                    attempt.retryWaited = attempt.retryWaited.plus(delay);
                }
            }
        }
    }

    /**
     * Retries at this provider are used up. Without a task that may exist the job moves down its chain; with one, it
     * fails unreconciled rather than risk a second paid task.
     *
     * @return true when the job's outcome is settled here
     */
    private boolean giveUp(SubmitAttempt attempt, String provider, LimitScope scope, ProviderException last,
                           int attempts) {
        log.warn("job {}: giving up on {} after {} attempt(s) and {} ms of waiting: {}", attempt.jobId(), provider,
                attempts, attempt.retryWaited.toMillis(), last.getMessage());
        if (attempt.taskMayExist) {
            failUnreconciled(attempt.queued, provider, "the last submit of job " + attempt.jobId() + " to " + provider
                    + " got no answer (" + last.getMessage() + ") and the dispatcher gave up after " + attempts
                    + " attempt(s); a task with client id " + attempt.jobId() + " may exist", "gave_up");
            return true;
        }
        JobError error = last.toJobError();
        attempt.tried(scope.toString(), LimiterMetrics.outcome(last) + ", gave up after " + attempts + " attempt(s)");
        attempt.left(provider, LimiterMetrics.outcome(last), new JobError(error.code(), error.message()
                + " (gave up after " + attempts + " attempt(s))", error.retryable(), error.provider()), "gave_up", true);
        return false;
    }

    /** Every key of the provider is benched: say which and why, and move on. */
    private void leaveWithoutKeys(SubmitAttempt attempt, String provider) {
        String benched = gate.benchedKeys(provider);
        boolean credits = gate.benchedForCredits(provider);
        log.info("job {}: no API key of {} can be used ({})", attempt.jobId(), provider, benched);
        if (attempt.leftProvider == null || !attempt.leftProvider.equals(provider)) {
            // benched before this job came: its own error says so
            attempt.tried(provider, "every key benched (" + benched + ")");
            attempt.left(provider, credits ? "credits" : "auth", new JobError(
                    credits ? ErrorCodes.PROVIDER_CREDITS : ErrorCodes.PROVIDER_AUTH, "every API key of " + provider
                    + " was refused by the provider and is benched for now: " + benched, false, provider), "failed", true);
        }
    }

    private void failNoProviderTookIt(SubmitAttempt attempt) {
        JobError error = attempt.lastError != null ? attempt.lastError : new JobError(ErrorCodes.PROVIDER_NOT_CONFIGURED,
                "no provider of the chain could be used", false, attempt.queued.provider());
        outcomes.failed(attempt.queued, withTried(error, attempt), attempt.lastOutcome);
    }

    /** The error with what was tried appended, when more than one provider or key was involved. */
    private static JobError withTried(JobError error, SubmitAttempt attempt) {
        if (attempt.tried.size() < 2) {
            return error;
        }
        return new JobError(error.code(), error.message() + "; tried: " + String.join(", ", attempt.tried),
                error.retryable(), error.provider());
    }

    private void submitted(SubmitAttempt attempt, Target target, SubmitResult result, SubmitGate.Permit permit,
                           String outcome) {
        outcomes.submitted(target.job(), result, permit.credentials(), outcome);
        if (result.immediate() != null) {
            // a synchronous provider answered with the outcome: no task stays in flight there
            gate.releaseSlot(attempt, permit.scope());
        }
    }

    /** Writes the claim before a submit call: {@code SET NX} the first time, an update while a task may exist. */
    private boolean claim(SubmitAttempt attempt, String provider, String keyId) {
        if (attempt.claimed) {
            ledger.resubmitting(attempt.jobId(), provider, keyId, clock.instant());
            return true;
        }
        attempt.claimed = ledger.claim(attempt.jobId(), provider, keyId, clock.instant());
        return attempt.claimed;
    }

    /** The last call was answered with a refusal: no task exists, so a redelivery may submit afresh. */
    private void giveUpClaim(SubmitAttempt attempt) {
        if (attempt.claimed && !attempt.taskMayExist) {
            ledger.release(attempt.jobId());
            attempt.claimed = false;
        }
    }

    /** The delivery stops before the job's outcome is known; keep only what protects a task that may exist. */
    private void abandon(SubmitAttempt attempt) {
        if (!attempt.taskMayExist) {
            gate.releaseSlots(attempt);
            giveUpClaim(attempt);
        }
    }

    private void pause(SubmitAttempt attempt, Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmitInterruptedException("job " + attempt.jobId() + ": interrupted while waiting to retry the submit", e);
        }
    }

    private SubmitResult timedSubmit(ProviderAdapter adapter, ProviderRequest request, SubmitGate.Permit permit)
            throws ProviderException {
        long start = System.nanoTime();
        try {
            return call(adapter.id(), () -> adapter.submit(request, permit.credentials()));
        } finally {
            metrics.submitTimer(adapter.id()).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Where a provider that can call back (Kie, Runware) reports the task's end; null for the others. */
    private String callbackUrl(ProviderAdapter adapter, String jobId) {
        return adapter.acceptsCallbackUrl() ? callbacks.callbackUrl(jobId).orElse(null) : null;
    }

    private void failUnreconciled(Job queued, String provider, String what, String outcome) {
        outcomes.failed(queued, new JobError(ErrorCodes.SUBMIT_UNRECONCILED, what + ". Check " + provider
                + "'s dashboard for a task of job " + queued.id() + " before submitting it again.", false, provider),
                outcome);
    }

    /** An adapter's own bug (a RuntimeException) leaves the outcome of the call unknown, like a lost answer. */
    private static <T> T call(String provider, ProviderCallBody<T> call) throws ProviderException {
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

    @FunctionalInterface
    private interface ProviderCallBody<T> {
        T run() throws ProviderException;
    }
}
