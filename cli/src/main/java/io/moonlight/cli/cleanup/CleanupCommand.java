package io.moonlight.cli.cleanup;

import io.moonlight.cli.Cli;
import io.moonlight.cli.options.DryRunOption;
import io.moonlight.cli.options.JsonOption;
import io.moonlight.core.ExitCode;
import io.moonlight.core.cleanup.CleanupAction;
import io.moonlight.core.cleanup.CleanupResult;
import io.moonlight.core.cleanup.SessionCleanup;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.scheduler.SchedulerFactory;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code moonlight cleanup}: what cron runs so that no session, job, lease or directory leaks. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "End sessions whose job is gone (freeing their ports), fail sessions that did not get ready "
                + "within sessions.start_timeout_seconds or whose supervisor stopped sending heartbeats "
                + "(their job is cancelled), report moonlight-* jobs without a session, and remove the "
                + "directories of sessions ended more than sessions.keep_days ago and their records (state history) "
                + "from the store more than sessions.keep_records_days ago. Prints one summary line; exits 1 when a "
                + "directory could not be removed (the pass still does everything else); with --json, every "
                + "action and the counts. 'moonlight install cron' runs it every five minutes.")
public final class CleanupCommand implements Callable<Integer> {
    @Mixin
    private Cli cli;

    @Mixin
    private DryRunOption dryRun;

    @Option(names = "--cancel-orphans", description = "Also cancel moonlight-* jobs that no live session owns.")
    private boolean cancelOrphans;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        MoonlightConfig config = cli.config();
        DryRunPlan plan = dryRun.plan();
        try (SessionStore store = StoreFactory.open(config.store(), config.sunshine(), cli.clock())) {
            SessionCleanup cleanup = new SessionCleanup(config, store,
                    SchedulerFactory.of(config, cli.runner(plan), UserSwitch.ofThisProcess(), cli.clock()), cli.clock());
            CleanupResult result = cleanup.run(plan.isDryRun(), cancelOrphans);
            if (json.enabled()) {
                Map<String, Object> counted = new LinkedHashMap<>();
                counted.put("dry_run", result.dryRun());
                counted.put("ended", result.count(CleanupAction.Kind.ENDED));
                counted.put("failed", result.count(CleanupAction.Kind.FAILED));
                counted.put("orphans_found", result.count(CleanupAction.Kind.ORPHAN));
                counted.put("orphans_cancelled", result.orphansCancelled());
                counted.put("directories_removed", result.count(CleanupAction.Kind.DIRECTORY));
                counted.put("directories_not_removed", result.count(CleanupAction.Kind.DIRECTORY_NOT_REMOVED));
                counted.put("records_deleted", result.count(CleanupAction.Kind.RECORD));
                counted.put("actions", result.actions());
                cli.out().json(counted);
            } else {
                for (CleanupAction action : result.actions()) {
                    cli.out().info(line(action));
                }
                cli.out().result(result.summary());
            }
            return (result.incomplete() ? ExitCode.ERROR : ExitCode.OK).code();
        }
    }

    private static String line(CleanupAction action) {
        String what = switch (action.kind()) {
            case ENDED -> action.session() + " ENDED";
            case FAILED -> action.session() + " FAILED" + (action.job().isEmpty() ? "" : ", job " + action.job() + " cancelled");
            case STARTING -> action.session() + " STARTING";
            case ORPHAN -> "orphan job " + action.job() + (action.done() ? " cancelled" : "");
            case DIRECTORY -> action.path() + " removed";
            case DIRECTORY_NOT_REMOVED -> action.path() + " not removed";
            case RECORD -> "record of " + action.session() + " deleted";
        };
        // Never done, a directory not removed is a failure to report, not a plan.
        boolean planned = !action.done() && action.kind() != CleanupAction.Kind.DIRECTORY_NOT_REMOVED;
        return (planned ? "would: " : "") + what + ": " + action.reason();
    }
}
