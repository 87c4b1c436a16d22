package dev.mediajobs.api.webhooks;

/** Deliveries cannot be planned yet (a rebuild or the endpoints' loading is under way); the event is retried. */
public class WebhooksNotReadyException extends RuntimeException {

    public WebhooksNotReadyException(String message) {
        super(message, null, false, false);
    }
}
