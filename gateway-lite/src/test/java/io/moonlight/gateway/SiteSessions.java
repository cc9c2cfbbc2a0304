package io.moonlight.gateway;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The session service a gateway under test runs over: the site's, as `moonlight gateway` builds it. */
final class SiteSessions {
    private SiteSessions() {
    }

    static SiteSessionService over(MoonlightConfig config, SessionStore store) {
        return SiteSessionService.open(config, Optional.empty(), store, new ProcessCommandRunner(), Clock.systemUTC(),
                Map.of());
    }
}
