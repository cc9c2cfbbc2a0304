package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web client's files as the gateway serves them from its jar: without a token, with headers
 * that keep the page to itself, every module the page loads present and served as JavaScript; the
 * API beside it still wants a token.
 */
class WebClientFilesTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z]+\\.js)'");
    @TempDir
    static Path dir;
    private static LocalGateway gateway;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dir, "hs256_secret: " + Tokens.SECRET, new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void thePageNeedsNoTokenAndKeepsToItself() throws Exception {
        HttpResponse<String> page = get("/moonlight/");

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"), page.body());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                && policy.contains("connect-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
    }

    @Test
    void everyModuleThePageImportsIsServedAsJavaScript() throws Exception {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(List.of("app.js"));
        while (!next.isEmpty()) {
            String module = next.pop();
            if (!seen.add(module)) {
                continue;
            }
            HttpResponse<String> file = get("/moonlight/js/" + module);
            assertEquals(200, file.statusCode(), module);
            assertTrue(file.headers().firstValue("Content-Type").orElse("").contains("javascript"),
                    module + ": " + file.headers().firstValue("Content-Type"));
            Matcher imports = IMPORT.matcher(file.body());
            while (imports.find()) {
                next.push(imports.group(1));
            }
        }
        assertTrue(seen.size() > 5, seen.toString());
        assertEquals(200, get("/moonlight/moonlight.css").statusCode());
        assertTrue(get("/moonlight/moonlight.svg").headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
    }

    @Test
    void theApiBesideItStillWantsAToken() throws Exception {
        assertEquals(401, gateway.api.get("/sessions", null).statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
