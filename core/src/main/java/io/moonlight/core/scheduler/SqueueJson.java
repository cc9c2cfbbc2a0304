package io.moonlight.core.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.MoonlightException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code squeue --json} (Slurm 22.05 and later) and keeps moonlight's jobs. */
final class SqueueJson {
    private SqueueJson() {
    }

    static List<SchedulerJob> moonlightJobs(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw MoonlightException.failed("squeue --json printed something that is not JSON: " + e.getOriginalMessage(),
                    "check the Slurm version: moonlight needs 22.05 or later");
        }
        List<SchedulerJob> jobs = new ArrayList<>();
        for (JsonNode job : root.path("jobs")) {
            String name = job.path("name").asText("");
            if (!name.startsWith(JobRequest.NAME_PREFIX)) {
                continue;
            }
            String word = stateWord(job.path("job_state"));
            String nodes = job.path("nodes").asText("");
            long end = epochSeconds(job.path("end_time"));
            jobs.add(new SchedulerJob(job.path("job_id").asText(), name, job.path("user_name").asText(""),
                    state(word), word, nodes.isEmpty() ? Optional.empty() : Optional.of(nodes),
                    end > 0 ? Optional.of(Instant.ofEpochSecond(end)) : Optional.empty()));
        }
        return jobs;
    }

    /** 22.05 gives a string, later versions a list of flags whose first is the base state. */
    private static String stateWord(JsonNode state) {
        return state.isArray() ? state.path(0).asText("") : state.asText("");
    }

    /** 22.05 gives a number, later versions {"set": true, "number": N}. */
    private static long epochSeconds(JsonNode time) {
        return time.isObject() ? time.path("number").asLong(0) : time.asLong(0);
    }

    static JobState state(String word) {
        return switch (word) {
            case "PENDING", "REQUEUED", "REQUEUE_HOLD", "RESV_DEL_HOLD" -> JobState.PENDING;
            case "RUNNING", "CONFIGURING", "SUSPENDED", "RESIZING", "STAGE_OUT", "SIGNALING" -> JobState.RUNNING;
            case "COMPLETING" -> JobState.STOPPING;
            default -> JobState.GONE;
        };
    }
}
