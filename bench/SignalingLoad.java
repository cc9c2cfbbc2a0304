import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many sessions' signaling at once against a running gateway: for each session of SEEDS (lines
 * "ID USER TOKEN", from SeedSessions.java) an agent connection (hello with the session's token) and a
 * browser connection (hello with an HS256 token for USER, from a page of ORIGIN), both on the hub at URL (the
 * browsers on the hub at BROWSER_URL when given: another gateway of the same Redis). Then for SECONDS
 * each browser sends RATE candidate messages a second to its agent and each agent as many to its
 * browser, every one carrying the time it was sent; the receiver takes the relay delay. Prints
 * "sessions connected messages p50_ms p99_ms max_ms lost" on one line, then keeps the connections
 * open for HOLD seconds (the gateway's memory can be read meanwhile) and closes them.
 *
 *   java -cp 'cli/target/lib/*' bench/SignalingLoad.java URL ORIGIN SECRET SEEDS SECONDS RATE HOLD [BROWSER_URL]
 */
public class SignalingLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Long> DELAYS = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicLong SENT = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length != 7 && args.length != 8) {
            System.err.println("usage: SignalingLoad URL ORIGIN SECRET SEEDS SECONDS RATE HOLD [BROWSER_URL]");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        URI browserUrl = URI.create(args.length == 8 ? args[7] : args[0]);
        String origin = args[1];
        Algorithm secret = Algorithm.HMAC256(args[2].getBytes(StandardCharsets.UTF_8));
        List<String[]> seeds = Files.readAllLines(Path.of(args[3])).stream().filter(l -> !l.isBlank())
                .map(l -> l.trim().split(" ")).toList();
        int seconds = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        List<End> browsers = new ArrayList<>();
        List<End> agents = new ArrayList<>();
        for (String[] seed : seeds) {
            String jwt = JWT.create().withClaim("preferred_username", seed[1]).withClaim("groups", List.of("HPC-Users"))
                    .withIssuedAt(Instant.now()).withExpiresAt(Instant.now().plus(Duration.ofHours(1))).sign(secret);
            agents.add(End.open(url, null, hello("agent", seed[0], seed[2])));
            browsers.add(End.open(browserUrl, origin, hello("browser", seed[0], jwt)));
        }
        int connected = 0;
        for (int i = 0; i < seeds.size(); i++) {
            browsers.get(i).peer.get(30, TimeUnit.SECONDS);
            agents.get(i).peer.get(30, TimeUnit.SECONDS);
            connected++;
        }
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < seeds.size(); i++) {
            End browser = browsers.get(i);
            End agent = agents.get(i);
            long offset = period * i / seeds.size();
            senders.scheduleAtFixedRate(() -> browser.send(candidate(null)), offset, period, TimeUnit.NANOSECONDS);
            senders.scheduleAtFixedRate(() -> agent.send(candidate(browser.peer.join())), offset + period / 2, period,
                    TimeUnit.NANOSECONDS);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        senders.shutdownNow();
        Thread.sleep(1000);
        List<Long> delays;
        synchronized (DELAYS) {
            delays = new ArrayList<>(DELAYS);
        }
        Collections.sort(delays);
        System.out.printf(Locale.ROOT, "%d %d %d %.2f %.2f %.2f %d%n", seeds.size(), connected, delays.size(),
                millis(delays, 0.50), millis(delays, 0.99), delays.isEmpty() ? 0 : delays.get(delays.size() - 1) / 1e6,
                SENT.get() - delays.size());
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(Integer.parseInt(args[6])));
        browsers.forEach(End::close);
        agents.forEach(End::close);
        System.exit(0);
    }

    private static double millis(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }

    private static String hello(String role, String session, String token) {
        return JSON.createObjectNode().put("type", "hello").put("version", 1).put("role", role).put("session", session)
                .put("token", token).toString();
    }

    /** A trickle candidate whose text is the time it was sent; {@code to}: the browser an agent names. */
    private static String candidate(String to) {
        ObjectNode message = JSON.createObjectNode().put("type", "candidate")
                .put("candidate", "sent " + System.nanoTime()).put("sdpMid", "0").put("sdpMLineIndex", 0);
        if (to != null) {
            message.put("to", to);
        }
        SENT.incrementAndGet();
        return message.toString();
    }

    /** One signaling connection: its peer id once welcomed; candidates received count their delay. */
    private static final class End implements WebSocket.Listener {
        final CompletableFuture<String> peer = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private WebSocket socket;

        /** {@code origin}: the page's, for a browser; null for an agent (no page). */
        static End open(URI url, String origin, String hello) throws Exception {
            End end = new End();
            WebSocket.Builder builder = HTTP.newWebSocketBuilder();
            if (origin != null) {
                builder.header("Origin", origin);
            }
            end.socket = builder.buildAsync(url, end).get(30, TimeUnit.SECONDS);
            end.socket.sendText(hello, true).get(30, TimeUnit.SECONDS);
            return end;
        }

        synchronized void send(String message) {
            socket.sendText(message, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    switch (message.path("type").asText()) {
                        case "welcome" -> peer.complete(message.path("peer").asText());
                        case "candidate" -> DELAYS.add(now - Long.parseLong(message.path("candidate").asText().substring(5)));
                        case "error" -> System.err.println("hub: " + message);
                        default -> {
                        }
                    }
                } catch (Exception e) {
                    System.err.println("unreadable: " + text);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            peer.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        void close() {
            socket.abort();
        }
    }
}
