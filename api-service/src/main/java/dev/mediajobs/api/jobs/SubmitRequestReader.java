package dev.mediajobs.api.jobs;

import dev.mediajobs.api.problem.ApiProblem;
import dev.mediajobs.common.ErrorCodes;
import dev.mediajobs.common.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads a submit body: at most {@code maxBytes} (plus the base64 text of inline {@code data:} inputs, when they are
 * allowed), strictly typed. Jackson's usual leniency is off — no unknown fields,
 * no {@code "10"} for a number or {@code 10} for a string, no duplicate keys, nothing after the object — and every
 * failure becomes a 400 that names the offending field where Jackson can tell, in words rather than Java types.
 */
public class SubmitRequestReader {

    private static final JsonMapper STRICT = JsonCodec.mapper().rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();
    private static final int MAX_ECHO = 200;

    /** Room for a data: URL's header and JSON quoting beside its base64 text. */
    private static final long INLINE_OVERHEAD = 1024;

    private final long maxBytes;
    private final long maxInlineBytes;

    public SubmitRequestReader(long maxBytes) {
        this(maxBytes, 0);
    }

    /**
     * @param maxInlineBytes largest decoded {@code data:} URL in {@code input.imageUrls}: a body may exceed
     *                       {@code maxBytes} by the base64 text of such URLs, but by nothing else
     */
    public SubmitRequestReader(long maxBytes, long maxInlineBytes) {
        this.maxBytes = maxBytes;
        this.maxInlineBytes = maxInlineBytes;
    }

    /** The most a body may hold at all: the limit plus one inline file at its largest. */
    private long hardLimit() {
        long base64 = (maxInlineBytes + 2) / 3 * 4;
        return maxInlineBytes <= 0 ? maxBytes : Math.min(Integer.MAX_VALUE - 16, maxBytes + base64 + INLINE_OVERHEAD);
    }

    /**
     * @param declaredLength the Content-Length, or -1 when the body is chunked
     * @throws ApiProblem 413 when the body is too large, 400 when it is not the expected JSON
     */
    public SubmitJobRequest read(InputStream body, long declaredLength) {
        long limit = hardLimit();
        if (declaredLength > limit) {
            throw tooLarge();
        }
        byte[] bytes;
        try {
            // read one byte more than allowed: a chunked body cannot declare its size
            bytes = body.readNBytes((int) limit + 1);
        } catch (IOException e) {
            throw ApiProblem.malformedBody(null, "the request body could not be read");
        }
        if (bytes.length > limit) {
            throw tooLarge();
        }
        SubmitJobRequest request = parse(bytes);
        if (bytes.length > maxBytes && bytes.length - inlineChars(request) > maxBytes) {
            // the extra room is for data: URLs only
            throw ApiProblem.payloadTooLarge(maxBytes);
        }
        return request;
    }

    private ApiProblem tooLarge() {
        if (maxInlineBytes <= 0) {
            return ApiProblem.payloadTooLarge(maxBytes);
        }
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + hardLimit() + " bytes (" + maxBytes + " plus one inline data: URL of "
                        + maxInlineBytes + " bytes); upload large files with POST /v1/uploads and use upload:<id>");
    }

    /** Characters of the request's inline data: URLs. */
    private static long inlineChars(SubmitJobRequest request) {
        if (request.input() == null) {
            return 0;
        }
        return request.input().imageUrls().stream()
                .filter(u -> u != null && u.regionMatches(true, 0, "data:", 0, 5))
                .mapToLong(String::length).sum();
    }

    public SubmitJobRequest parse(byte[] bytes) {
        if (isBlank(bytes)) {
            throw ApiProblem.malformedBody(null, "the request body is empty; send a JSON object");
        }
        try {
            SubmitJobRequest request = STRICT.readValue(bytes, SubmitJobRequest.class);
            if (request == null) {
                throw ApiProblem.malformedBody(null, "the request body must be a JSON object, not null");
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            String field = join(pathOf(e), e.getPropertyName());
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(Objects::toString).sorted().toList();
            throw ApiProblem.malformedBody(field, "unknown field '" + field + "'"
                    + (known.isEmpty() ? "" : "; expected one of " + known));
        } catch (MismatchedInputException e) {
            String field = pathOf(e);
            if (field == null) {
                throw ApiProblem.malformedBody(null, "the request body must be a JSON object");
            }
            throw ApiProblem.malformedBody(field, field + " must be " + describe(e.getTargetType()));
        } catch (UnexpectedEndOfInputException e) {
            // the parser's position would name the last field read, which is not what is wrong
            throw ApiProblem.malformedBody(null, "the request body ends before its JSON is complete");
        } catch (StreamReadException e) {
            String field = pathOf(e) != null ? pathOf(e) : pathOf(e.processor());
            throw ApiProblem.malformedBody(field, "the request body is not valid JSON: " + cut(e.getOriginalMessage())
                    + location(e.getLocation()));
        } catch (JacksonException e) {
            String field = pathOf(e);
            throw ApiProblem.malformedBody(field, field == null ? "the request body could not be read as a job request"
                    : field + " has an invalid value");
        }
    }

    /** {@code input.imageUrls[2]} from Jackson's reference chain; null for the root. */
    static String pathOf(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Where the parser stood when the syntax error struck: {@code input.prompt} for {@code "input":{"prompt": }}. */
    static String pathOf(JsonParser parser) {
        if (parser == null) {
            return null;
        }
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (TokenStreamContext c = parser.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.currentName() != null) {
                segments.push("." + c.currentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                segments.push("[" + c.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", segments);
        return path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
    }

    /** Appends the unknown property unless Jackson's chain already ends with it. */
    private static String join(String path, String property) {
        if (path == null) {
            return property;
        }
        return path.equals(property) || path.endsWith("." + property) ? path : path + "." + property;
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String location(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > MAX_ECHO ? oneLine.substring(0, MAX_ECHO) + "…" : oneLine;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
