package io.moonlight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Printing for commands: results to stdout (text or {@code --json}), everything else to stderr;
 * colours only on a terminal and never with {@code NO_COLOR}.
 */
public final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Ansi ansi;

    public Output(PrintWriter out, PrintWriter err, boolean colour) {
        this.out = out;
        this.err = err;
        this.ansi = colour ? Ansi.ON : Ansi.OFF;
    }

    /**
     * Colour only on a terminal (stdin and stdout, as {@code System.console()} sees them), with TERM
     * not dumb and NO_COLOR unset or empty. picocli's help follows the same rule (see
     * {@link Main#commandLine()}), so command output and help agree.
     */
    static boolean colourWanted() {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"))
                && System.console() != null;
    }

    /**
     * Whether progress may be drawn in place ({@link LiveLines}) on stderr: under the rule for
     * colours, so never when not on a terminal or with NO_COLOR.
     */
    public boolean live() {
        return ansi == Ansi.ON;
    }

    /** A duration as m:ss, as progress lines show the time since the work began. */
    public static String minutesSeconds(Duration elapsed) {
        return String.format("%d:%02d", elapsed.toMinutes(), elapsed.toSecondsPart());
    }

    public PrintWriter stdout() {
        return out;
    }

    /** A progress or information line on stderr. */
    public void info(String line) {
        err.println(line);
        err.flush();
    }

    public void result(String line) {
        out.println(line);
        out.flush();
    }

    /** Applies picocli markup such as {@code @|green PASS|@}; plain text when colours are off. */
    public String colour(String markup) {
        return ansi.string(markup);
    }

    public void json(Object value) {
        try {
            out.println(jsonMapper().writeValueAsString(value));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectMapper jsonMapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** Prints aligned columns; the first row is the header. */
    public void table(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == row.size() - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Step reports as lines ("CHANGED  nginx  /etc/nginx/...") or as JSON, then any dry-run plan. */
    public void reports(List<StepReport> reports, DryRunPlan plan, boolean asJson) {
        if (asJson) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("steps", reports);
            if (plan.isDryRun()) {
                doc.put("dry_run", plan.actions());
            }
            json(doc);
            return;
        }
        if (plan.isDryRun()) {
            plan(plan);
        }
        for (StepReport report : reports) {
            String details = report.details().isEmpty() ? "" : "  (" + String.join("; ", report.details()) + ")";
            out.println(statusWord(report.status()) + " " + report.step() + "  " + report.target() + details);
        }
        out.flush();
    }

    /** The commands and files of a dry run, exactly as they would be run and written. */
    public void plan(DryRunPlan plan) {
        for (DryRunPlan.Action action : plan.actions()) {
            out.println("# dry run: would " + action.kind() + " " + action.target());
            if (action.content() != null) {
                out.print(action.content());
                if (!action.content().endsWith("\n")) {
                    out.println();
                }
                out.println("# end of " + action.target());
            }
        }
        out.flush();
    }

    private String statusWord(ChangeStatus status) {
        String word = String.format("%-12s", status.name().toLowerCase().replace('_', '-'));
        return switch (status) {
            case CHANGED, WOULD_CHANGE -> colour("@|yellow " + word + "|@");
            case UNCHANGED -> colour("@|green " + word + "|@");
            case DRIFTED, FAILED -> colour("@|red " + word + "|@");
            case SKIPPED -> word;
        };
    }

    /** The exit code for a set of reports: 1 when any failed, 3 when any drifted, 4 when all were skipped, else 0. */
    public static ExitCode exitCodeOf(List<StepReport> reports) {
        if (reports.stream().anyMatch(r -> r.status() == ChangeStatus.FAILED)) {
            return ExitCode.ERROR;
        }
        if (reports.stream().anyMatch(r -> r.status() == ChangeStatus.DRIFTED)) {
            return ExitCode.DRIFT;
        }
        if (!reports.isEmpty() && reports.stream().allMatch(r -> r.status() == ChangeStatus.SKIPPED)) {
            return ExitCode.NOTHING_TO_DO;
        }
        return ExitCode.OK;
    }
}
