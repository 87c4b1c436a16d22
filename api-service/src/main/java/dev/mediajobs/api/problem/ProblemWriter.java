package dev.mediajobs.api.problem;

import dev.mediajobs.api.callbacks.CallbackPaths;
import dev.mediajobs.common.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Writes a problem document from a servlet filter, where Spring MVC's exception handling does not reach. */
@Component
public class ProblemWriter {

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
                      Map<String, String> headers) throws IOException {
        if (problem.getInstance() == null) {
            try {
                problem.setInstance(URI.create(CallbackPaths.redact(request.getRequestURI())));
            } catch (IllegalArgumentException e) {
                // a path that is not a valid URI reference: leave instance out
            }
        }
        response.setStatus(problem.getStatus());
        headers.forEach(response::setHeader);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = JsonCodec.toBytes(Problems.toMap(problem));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
