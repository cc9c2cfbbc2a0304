#!/bin/bash
# moonlight session ${sessionId} of ${user}, rendered by moonlight and submitted as ${user}.
# SIGTERM reaches the supervisor (the batch shell, exec'd below) ${graceSeconds} s before the time
# limit, so it can stop the desktop, Sunshine and the agent in order and report the session ENDED.
#SBATCH --signal=B:TERM@${graceSeconds}
set -eu
umask 077
export MOONLIGHT_SESSION_ID=${sessionId}
export MOONLIGHT_SESSION_DIR=${sessionDir}
# The token is read from this file (mode 0600): it never appears on a command line.
export MOONLIGHT_SESSION_TOKEN_FILE=${tokenFile}
# No setsid and no daemons: every process stays in this job's tree and ends with it.
exec ${launcher} <#if configFile?has_content>--config ${configFile} </#if>session run ${sessionId}
