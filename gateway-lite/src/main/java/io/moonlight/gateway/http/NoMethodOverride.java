package io.moonlight.gateway.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hides the headers that ask for another method than the request's own. Javalin routes a request
 * by {@code X-HTTP-Method-Override} when it has one, whatever its real method, so a POST (or a GET a
 * page makes a browser send) carrying {@code DELETE} would stop a session. The gateway answers the
 * method on the request line only; the other spellings of the idea are hidden too, so that no later
 * part can start honouring them.
 */
public final class NoMethodOverride implements Filter {
    private static final Set<String> HEADERS = caseInsensitive("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest http ? new Wrapped(http) : request, response);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return Collections.unmodifiableSet(set);
    }

    private static final class Wrapped extends HttpServletRequestWrapper {
        Wrapped(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HEADERS.contains(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADERS.contains(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !HEADERS.contains(name)).toList());
        }
    }
}
