package dev.mediajobs.simulator.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.lang.System.Logger.Level;

/** Runs a handler body: renders {@link ApiError}s, turns anything unexpected into a 500, always closes the exchange. */
final class SafeHandling {

    private static final System.Logger LOG = System.getLogger(SafeHandling.class.getName());

    interface Body {
        void run() throws IOException;
    }

    private SafeHandling() {
    }

    static void run(HttpExchange exchange, Body body) {
        try {
            body.run();
        } catch (ApiError error) {
            trySend(exchange, error);
        } catch (IOException e) {
            // the client went away mid-answer; nothing left to tell it
            LOG.log(Level.DEBUG, "I/O error answering {0} {1}: {2}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "failed answering " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(), e);
            trySend(exchange, ApiError.internal());
        } finally {
            exchange.close();
        }
    }

    private static void trySend(HttpExchange exchange, ApiError error) {
        try {
            Exchanges.sendError(exchange, error);
        } catch (IOException | RuntimeException e) {
            // headers may already be out; the connection is closed below
            LOG.log(Level.DEBUG, "could not send error answer: {0}", e.toString());
        }
    }
}
