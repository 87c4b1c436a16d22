package dev.mediajobs.dispatcher;

/** The listener thread was interrupted (the service is stopping) while a submit waited for the limiter or a retry. */
public class SubmitInterruptedException extends RuntimeException {

    public SubmitInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
