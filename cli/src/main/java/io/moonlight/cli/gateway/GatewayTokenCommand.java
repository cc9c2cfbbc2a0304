package io.moonlight.cli.gateway;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.gateway.auth.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight gateway token}: a login token for an HS256 gateway, for tests, scripts and the demo. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {
            "Print a login token (JWT) the gateway accepts, signed with gateway.jwt.hs256_secret, for",
            "a user and groups: for testing the API with curl, scripts and the demo. Only for an HS256",
            "gateway: with RS256 or a JWKS URL the portal holds the key. With --json: token, user,",
            "groups and expires_at.",
            "Use: curl -H \"Authorization: Bearer $(moonlight gateway token --user alice)\" ..."})
public final class GatewayTokenCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The login name the token names.")
    private String user;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP", defaultValue = "HPC-Users",
            description = "Comma-separated groups (default: ${DEFAULT-VALUE}).")
    private List<String> groups;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "8",
            description = "Lifetime in hours, 1 to " + TokenIssuer.MAX_HOURS + " (default: ${DEFAULT-VALUE}).")
    private int hours;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        Instant now = cli.clock().instant();
        String token = TokenIssuer.from(cli.config().gateway()).issue(user, groups, hours, now);
        if (json.enabled()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("token", token);
            doc.put("user", user);
            doc.put("groups", groups);
            doc.put("expires_at", now.plus(Duration.ofHours(hours)).toString());
            cli.out().json(doc);
        } else {
            cli.out().result(token);
        }
        return ExitCode.OK.code();
    }
}
