package dev.mediajobs.api.problem;

import dev.mediajobs.api.callbacks.CallbackPaths;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel/JSON error page: errors the container reports outside Spring MVC (a filter
 * failing, {@code sendError}) are answered with problem+json too, without exception text.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer i && i >= 400 && i <= 599 ? i : 404;
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail = null;
        if (status >= 500) {
            detail = "an unexpected error occurred";
            if (exception instanceof Throwable t) {
                Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
                log.error("request to {} failed", uri instanceof String s ? CallbackPaths.redact(s) : uri, t);
            }
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        ProblemDetail problem = Problems.create(code, Problems.codeFor(status),
                detail != null ? detail : reason(status));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String s) {
            try {
                problem.setInstance(java.net.URI.create(CallbackPaths.redact(s)));
            } catch (IllegalArgumentException ignored) {
                // not a valid URI reference: leave instance out
            }
        }
        return ResponseEntity.status(code).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error " + status : known.getReasonPhrase();
    }
}
