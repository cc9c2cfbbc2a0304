package io.moonlight.core.slurm;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.slurm.SacctmgrClient.Association;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes the QoS moonlight's sessions run under what the operator asked for, idempotently: it
 * reads the QoS, adds it when missing, otherwise modifies only the settings that differ (flags
 * are added, never taken away), then adds it to the named accounts' and users' associations
 * that lack it. Every account and user is checked before anything changes.
 */
public final class QosInstaller {
    static final String STEP = "qos";
    static final String GRANT_STEP = "qos-grant";

    private final SacctmgrClient sacctmgr;
    private final boolean dryRun;

    /** With {@code dryRun} the client's runner only records changes; reports then say would-change. */
    public QosInstaller(SacctmgrClient sacctmgr, boolean dryRun) {
        this.sacctmgr = sacctmgr;
        this.dryRun = dryRun;
    }

    public List<StepReport> install(QosRequest request) {
        Optional<QosLimits> live = sacctmgr.qos(request.name());
        checkExists(request.grantAccounts(), sacctmgr::accountExists, "account",
                name -> "create it first: sacctmgr add account " + name);
        checkExists(request.grantUsers(), sacctmgr::userExists, "user",
                name -> "create it first: sacctmgr add user " + name + " account=ACCOUNT");

        List<StepReport> reports = new ArrayList<>();
        reports.add(live.map(q -> modify(request, q)).orElseGet(() -> add(request)));
        for (String account : request.grantAccounts()) {
            reports.add(grant("account " + account, sacctmgr.associationsOfAccount(account), request.name(),
                    () -> sacctmgr.grantToAccount(account, request.name())));
        }
        for (String user : request.grantUsers()) {
            reports.add(grant("user " + user, sacctmgr.associationsOfUser(user), request.name(),
                    () -> sacctmgr.grantToUser(user, request.name())));
        }
        return reports;
    }

    private static void checkExists(List<String> names, Predicate<String> exists, String what,
            Function<String, String> hint) {
        for (String name : names) {
            if (!exists.test(name)) {
                throw MoonlightException.badInput(what + " '" + name + "' does not exist in Slurm", hint.apply(name));
            }
        }
    }

    private StepReport add(QosRequest request) {
        List<String> settings = new ArrayList<>();
        settings.add("GraceTime=" + request.graceSeconds());
        settings.add("MaxWall=" + request.maxWall().toSlurm());
        if (request.maxJobsPerUser() != null) {
            settings.add("MaxJobsPerUser=" + request.maxJobsPerUser());
        }
        settings.add("Flags=" + QosRequest.DENY_ON_LIMIT);
        sacctmgr.addQos(request.name(), settings);
        return new StepReport(STEP, request.name(), changed(), List.of("added: " + String.join(" ", settings)));
    }

    private StepReport modify(QosRequest request, QosLimits live) {
        List<String> settings = new ArrayList<>();
        List<String> details = new ArrayList<>();
        if (live.graceSeconds() != request.graceSeconds()) {
            settings.add("GraceTime=" + request.graceSeconds());
            details.add("GraceTime " + live.graceSeconds() + " s -> " + request.graceSeconds() + " s");
        }
        long wantedWall = request.maxWall().duration().toSeconds();
        if (!Objects.equals(live.maxWallSeconds(), wantedWall)) {
            settings.add("MaxWall=" + request.maxWall().toSlurm());
            details.add("MaxWall " + wall(live.maxWallSeconds()) + " -> " + request.maxWall().toSlurm());
        }
        if (request.maxJobsPerUser() != null && !request.maxJobsPerUser().equals(live.maxJobsPerUser())) {
            settings.add("MaxJobsPerUser=" + request.maxJobsPerUser());
            details.add("MaxJobsPerUser " + (live.maxJobsPerUser() == null ? "unlimited" : live.maxJobsPerUser())
                    + " -> " + request.maxJobsPerUser());
        }
        if (!live.flags().contains(QosRequest.DENY_ON_LIMIT)) {
            settings.add("Flags+=" + QosRequest.DENY_ON_LIMIT);
            details.add("Flags +" + QosRequest.DENY_ON_LIMIT);
        }
        if (settings.isEmpty()) {
            return StepReport.of(STEP, request.name(), ChangeStatus.UNCHANGED);
        }
        sacctmgr.modifyQos(request.name(), settings);
        return new StepReport(STEP, request.name(), changed(), details);
    }

    private StepReport grant(String target, List<Association> associations, String qos, Runnable change) {
        long lacking = associations.stream().filter(a -> !a.qos().contains(qos)).count();
        if (!associations.isEmpty() && lacking == 0) {
            return StepReport.of(GRANT_STEP, target, ChangeStatus.UNCHANGED);
        }
        change.run();
        return StepReport.of(GRANT_STEP, target, changed(),
                "added " + qos + " to " + lacking + " of " + associations.size() + " association(s)");
    }

    private static String wall(Long seconds) {
        if (seconds == null) {
            return "unlimited";
        }
        return seconds == 0 ? "0:00:00" : new SlurmDuration(Duration.ofSeconds(seconds)).toSlurm();
    }

    private ChangeStatus changed() {
        return dryRun ? ChangeStatus.WOULD_CHANGE : ChangeStatus.CHANGED;
    }
}
