# moonlight gateway: written by 'moonlight install gateway-service'; a new install replaces it.
# Local changes belong in 'systemctl edit moonlight-gateway' (a drop-in), which survives.
[Unit]
Description=moonlight gateway (REST API for sessions, metrics)
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=${user}
Environment=MOONLIGHT_CONFIG=${configFile}
# The same search path as sudo's secure_path for this account (sudoers.d/moonlight-gateway).
Environment=PATH=${path}
# SQLite's JDBC driver unpacks its native library and loads it from there: not /tmp, which may be noexec.
# A long-running server gains from the full JIT (the launcher's default suits short commands) and
# needs no large initial heap (docs/benchmarks.md, gateway API and memory).
Environment="MOONLIGHT_JAVA_OPTS=-Dorg.sqlite.tmpdir=${stateDir} -XX:TieredStopAtLevel=4 -Xms16m"
ExecStart=${launcher} gateway
Restart=always
RestartSec=2
# The JVM ends with 143 after its clean shutdown on SIGTERM.
SuccessExitStatus=143
TimeoutStopSec=30
UMask=0027

# Hardening that leaves sudo working. The gateway acts as the sessions' users through sudo (a
# setuid program; what it may run is in /etc/sudoers.d/moonlight-gateway), so this unit sets
# neither NoNewPrivileges nor a reduced CapabilityBoundingSet, and none of the settings that make
# systemd set NoNewPrivileges by itself for a service with User= (those using seccomp:
# PrivateDevices, ProtectKernel*, ProtectClock, ProtectHostname, Restrict*, LockPersonality,
# MemoryDenyWriteExecute, SystemCallFilter). Session directories are made as their users in this
# unit's view of the file system: the session root is writable, homes are read-only.
ProtectSystem=strict
<#list readWritePaths as writable>
ReadWritePaths=-${writable}
</#list>
ProtectHome=read-only
PrivateTmp=yes
ProtectControlGroups=yes

[Install]
WantedBy=multi-user.target
