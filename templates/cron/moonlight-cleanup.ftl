# Written by 'moonlight install cron'; changes are replaced on the next install.
# Every five minutes: end sessions whose job is gone, fail those that never got ready or whose
# supervisor fell silent, report orphaned moonlight jobs, remove old session directories.
# flock -n: a run still going makes the next one skip instead of overlapping it. umask 027: the log
# (0640) and its directory (0750) are root's and its group's whatever cron's own umask.
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

*/5 * * * * root umask 027 && mkdir -p ${logDir} && flock -n ${lockFile} ${launcher} --config ${configFile} cleanup >>${logFile} 2>&1
