package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.atLeast;

/**
 * How many API requests the gateway takes in a minute before it answers 429: from one portal user
 * (or one session's supervisor), and from one client address whatever its token. 0 turns a limit off.
 */
public record RateLimitConfig(Integer perUserPerMinute, Integer perAddressPerMinute) {
    public RateLimitConfig {
        perUserPerMinute = atLeast("gateway.rate_limit.per_user_per_minute", perUserPerMinute, 120, 0,
                "give the requests one user may make in a minute, e.g. 120, or 0 for no limit");
        perAddressPerMinute = atLeast("gateway.rate_limit.per_address_per_minute", perAddressPerMinute, 600, 0,
                "give the requests one address may make in a minute, e.g. 600, or 0 for no limit");
    }
}
