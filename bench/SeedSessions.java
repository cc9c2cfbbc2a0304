import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.LeasePolicy;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Fills the store of a configuration with USERS x PER_USER sessions through the store's own API,
 * as the session service and the supervisors would leave them after a while: each user's sessions
 * one after another (the store enforces sessions.max_per_user), every one but the last ended
 * (PENDING, STARTING, READY, STOPPING, ENDED) and the last READY with its lease on one of 16 nodes.
 * Users are named PREFIX001, PREFIX002, ... Prints a line "ID USER TOKEN" for each READY session (its
 * raw token: the store keeps only its hash), for the benchmarks that connect as its agent.
 *
 *   java -cp 'cli/target/moonlight-cli.jar:cli/target/lib/*' bench/SeedSessions.java CONFIG USERS PER_USER PREFIX
 */
public class SeedSessions {
    private static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1920, 1080), 60, 20000, Codec.H264, 4);
    private static final int NODES = 16;

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: SeedSessions CONFIG USERS PER_USER PREFIX");
            System.exit(2);
        }
        MoonlightConfig config = ConfigLoader.read(Path.of(args[0]));
        int users = Integer.parseInt(args[1]);
        int perUser = Integer.parseInt(args[2]);
        Clock clock = Clock.systemUTC();
        SessionIds ids = new SessionIds(clock, new SecureRandom());
        int limit = config.sessions().maxPerUser();
        // As a node without X servers reports them: every display the node may hand out is free.
        List<Integer> displays = IntStream.range(0, config.sunshine().maxSessionsPerNode())
                .mapToObj(slot -> LeasePolicy.FIRST_DISPLAY + slot).toList();
        try (SessionStore store = StoreFactory.open(config.store(), config.sunshine(), clock)) {
            for (int u = 1; u <= users; u++) {
                String user = String.format("%s%03d", args[3], u);
                String node = String.format("node%02d", u % NODES);
                for (int s = 1; s <= perUser; s++) {
                    String id = ids.next(user);
                    String token = SessionToken.generate();
                    store.create(Session.pending(id, user, SPEC, SessionToken.hash(token), clock.instant()), limit);
                    store.setPlacement(id, Optional.of(String.valueOf(100_000 + u * perUser + s)), Optional.of(node));
                    store.transition(id, SessionState.PENDING, SessionState.STARTING, "job runs").orElseThrow();
                    store.claimLease(id, node, displays);
                    store.transition(id, SessionState.STARTING, SessionState.READY, "desktop up").orElseThrow();
                    if (s < perUser) {
                        store.transition(id, SessionState.READY, SessionState.STOPPING, "stop requested").orElseThrow();
                        store.transition(id, SessionState.STOPPING, SessionState.ENDED, "stopped").orElseThrow();
                    } else {
                        System.out.println(id + " " + user + " " + token);
                    }
                }
            }
        }
    }
}
