package dev.mediajobs.providers;

import dev.mediajobs.common.FieldError;
import java.util.List;
import java.util.Optional;

/**
 * The provider SPI: one implementation per provider. Adapters speak HTTP and their provider's JSON; they know nothing
 * of Kafka or Redis, and every call is safe to repeat except {@link #submit}, which may cost money.
 *
 * <p>Errors are reported as {@link ProviderException} with a {@link ProviderException.Kind} that tells the caller
 * whether to fail the job, try another key or provider, or retry later.
 */
public interface ProviderAdapter {

    /** The provider id used in job requests and configuration, e.g. {@code runway}. */
    default String id() {
        return describe().id();
    }

    /** Operations, models, parameter constraints, poll interval and timeout, limits and price notes. */
    ProviderDescriptor describe();

    /** Field-level problems with a request, found without any network call. Empty when the request is valid. */
    List<FieldError> validate(ProviderRequest request);

    /**
     * Submits the task.
     *
     * @param request the job's provider-neutral input plus options, with {@link ProviderRequest#clientTaskId()} set to
     *                the job id (providers that accept a client-chosen id use it, which makes a resubmit detectable)
     */
    SubmitResult submit(ProviderRequest request, ProviderCredentials credentials) throws ProviderException;

    /** Asks the provider how the task is doing. Safe to repeat. */
    PollResult poll(ProviderTask task, ProviderCredentials credentials) throws ProviderException;

    /**
     * Whether the provider can call back when a task ends, so that {@link ProviderRequest#callbackUrl()} is worth
     * sending (Kie's {@code callBackUrl}, Runware's {@code webhookURL}). A callback only makes the task's next poll due
     * at once; the poll stays the authority on the outcome, so a provider that calls back late, twice or never loses
     * nothing. False by default: the caller then leaves the callback URL out and the task is only polled.
     */
    default boolean acceptsCallbackUrl() {
        return false;
    }

    /** Cancels the task at the provider where it has such a call; returns false where it has none. */
    default boolean cancel(ProviderTask task, ProviderCredentials credentials) throws ProviderException {
        return false;
    }

    /**
     * Looks up a task by the client-chosen id given at submit, so that a dispatcher that died between submitting and
     * recording the task id can find the task instead of paying twice. Empty when not found; providers that have no
     * client ids answer {@link Optional#empty()} and say so with {@link ProviderDescriptor#supportsClientTaskId()}.
     */
    default Optional<SubmitResult> findByClientTaskId(ProviderRequest request, ProviderCredentials credentials)
            throws ProviderException {
        return Optional.empty();
    }
}
