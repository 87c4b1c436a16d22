package dev.mediajobs.api.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands the tenant that {@link ApiKeyAuthFilter} authenticated to controller methods. */
public class AuthenticatedTenantResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedTenant.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Object tenant = webRequest.getAttribute(ApiKeyAuthFilter.TENANT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (tenant instanceof AuthenticatedTenant t) {
            return t;
        }
        // only reachable if a route were made public by mistake: fail closed
        throw new IllegalStateException("no authenticated tenant on a /v1 route");
    }
}
