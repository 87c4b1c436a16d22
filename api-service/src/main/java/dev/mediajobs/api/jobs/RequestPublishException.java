package dev.mediajobs.api.jobs;

/** Kafka did not acknowledge a job request; the client is told to retry (503). */
public class RequestPublishException extends RuntimeException {

    public RequestPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
