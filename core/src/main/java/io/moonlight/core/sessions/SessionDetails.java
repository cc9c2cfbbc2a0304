package io.moonlight.core.sessions;

import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import java.time.Duration;
import java.util.Optional;

/**
 * One session with where to reach it: the Moonlight address (node:base port) and Sunshine's web UI
 * port once the supervisor holds its ports, the browser URL through the gateway, the time left
 * until the job's limit, and its files. {@code sunshine} is false when the site runs no Sunshine
 * ({@code supervisor.sunshine} empty): no Moonlight address, no web UI.
 */
public record SessionDetails(Session session, Optional<SchedulerJob> job, SessionPaths paths,
        Optional<String> moonlightAddress, Optional<Integer> webUiPort, String browserUrl, Optional<Duration> timeLeft,
        boolean sunshine) {
}
