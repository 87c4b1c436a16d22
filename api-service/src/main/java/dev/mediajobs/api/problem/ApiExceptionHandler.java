package dev.mediajobs.api.problem;

import dev.mediajobs.api.callbacks.CallbackPaths;
import dev.mediajobs.api.jobs.RequestPublishException;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.FieldError;
import dev.mediajobs.support.kafka.JobEventPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Turns every exception of a request into problem+json. Spring MVC's own errors (404, 405, 415, …) keep their status
 * and get this API's type, code and field; infrastructure outages become 503 "retry later"; anything else is a 500
 * whose body never carries the exception's text (it may hold internals), only a reference to the log line.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        HttpHeaders headers = new HttpHeaders();
        problem.headers().forEach(headers::set);
        return problemResponse(withInstance(problem.toProblemDetail()), headers);
    }

    @ExceptionHandler({RequestPublishException.class, JobEventPublisher.EventPublishException.class,
            JedisConnectionException.class, org.springframework.kafka.KafkaException.class,
            org.apache.kafka.common.KafkaException.class})
    ResponseEntity<Object> unavailable(Exception e) {
        // the message names the component (Kafka, Redis), never a credential
        log.warn("answering 503: {}", e.toString());
        return apiProblem(ApiProblem.unavailable("a backing service is unavailable; retry later"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("unexpected error, reference {}", reference, e);
        return problemResponse(withInstance(Problems.create(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL,
                "an unexpected error occurred; reference " + reference)), new HttpHeaders());
    }

    /** Every error Spring MVC itself raises passes through here with the ProblemDetail it built. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(status);
        String code = Problems.codeFor(status.value());
        String detail = null;
        List<FieldError> errors = List.of();
        if (ex instanceof HttpMessageNotReadableException) {
            code = ErrorCodes.MALFORMED_BODY;
            detail = "the request body is not valid JSON of the expected shape";
        } else if (ex instanceof MissingServletRequestParameterException m) {
            code = ErrorCodes.FIELD_REQUIRED;
            detail = "query parameter '" + m.getParameterName() + "' is required";
            errors = List.of(new FieldError(m.getParameterName(), code, detail));
        } else if (ex instanceof MissingRequestHeaderException m) {
            code = ErrorCodes.FIELD_REQUIRED;
            detail = "header '" + m.getHeaderName() + "' is required";
            errors = List.of(new FieldError(m.getHeaderName(), code, detail));
        } else if (ex instanceof TypeMismatchException t) {
            code = ErrorCodes.FIELD_INVALID;
            detail = "'" + t.getPropertyName() + "' has an invalid value";
            errors = List.of(new FieldError(t.getPropertyName(), code, detail));
        } else if (status.is5xxServerError() && status.value() != 503) {
            detail = "an unexpected error occurred";
            log.error("request failed with {}", status.value(), ex);
        }
        Problems.decorate(problem, code, detail, errors);
        withInstance(problem);
        HttpHeaders copy = new HttpHeaders();
        if (headers != null) {
            copy.putAll(headers);
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, problem, copy, status, request);
        return response == null ? null : problemResponse(problem, copy, status);
    }

    /**
     * The request's path as the problem's {@code instance} (what Spring would fill in), with a callback URL's token
     * left out: a problem document may be logged or shown where the token must not be.
     */
    private static ProblemDetail withInstance(ProblemDetail problem) {
        String path = problem.getInstance() != null ? problem.getInstance().toString() : currentRequestUri();
        if (path != null) {
            try {
                problem.setInstance(URI.create(CallbackPaths.redact(path)));
            } catch (IllegalArgumentException e) {
                // not a valid URI reference: leave instance out
            }
        }
        return problem;
    }

    private static String currentRequestUri() {
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        return request == null ? null : request.getRequestURI();
    }

    private static ResponseEntity<Object> problemResponse(ProblemDetail problem, HttpHeaders headers) {
        return problemResponse(problem, headers, HttpStatusCode.valueOf(problem.getStatus()));
    }

    /** Problem documents are always application/problem+json, whatever the client's Accept header asked for. */
    private static ResponseEntity<Object> problemResponse(ProblemDetail problem, HttpHeaders headers, HttpStatusCode status) {
        HttpHeaders h = new HttpHeaders();
        h.putAll(headers);
        h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, h, status);
    }
}
