# moonlight gateway: written by 'moonlight install gateway-service'; a new install replaces it.
# Local rules belong in a file of their own in this directory.
#
# The gateway runs as ${serviceUser} and starts, reads and stops desktop sessions as their users
# through 'sudo -n -u USER -- COMMAND': exactly the commands below, by absolute path, without a
# password, with no terminal and none of the gateway's environment.
Defaults:${serviceUser} !requiretty, env_reset, !setenv, secure_path="${searchPath}"

# Never root, never an account below sessions.min_uid or without a login shell (from /etc/passwd
# when this file was written: install again after adding system accounts).
Runas_Alias MOONLIGHT_SESSION_USERS = ALL<#list excludedUsers as user>, \
    !${user}</#list>

# The session's directory and files below paths.session_root, made and read as the user.
Cmnd_Alias MOONLIGHT_SESSION_FILES = \
    ${mkdir} -m 0700 -- ${sessionFiles}, \
    ${install} -m 0600 /dev/null ${sessionFiles}, \
    ${dd} of\=${sessionFiles} status\=none, \
    ${cat} -- ${sessionFiles}, \
    ${tail} -n +1 -F -- ${sessionFiles}, \
    ${rm} -rf -- ${sessionFiles}

# The session's job, submitted (its script on standard input) and cancelled as the user.
Cmnd_Alias MOONLIGHT_SESSION_JOBS = \
    ${sbatch} --parsable --export\=NONE --job-name\=moonlight-* --chdir\=${sessionFiles}, \
    ${scancel} [0-9]*

${serviceUser} ALL = (MOONLIGHT_SESSION_USERS) NOPASSWD: MOONLIGHT_SESSION_FILES, MOONLIGHT_SESSION_JOBS
