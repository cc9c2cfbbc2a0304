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
ExecStart=${launcher} gateway
Restart=always
RestartSec=2
# The JVM ends with 143 after its clean shutdown on SIGTERM.
SuccessExitStatus=143
TimeoutStopSec=30
UMask=0027

# Hardening: the gateway only serves HTTP and reads and writes its state.
NoNewPrivileges=yes
CapabilityBoundingSet=
ProtectSystem=strict
<#list readWritePaths as path>
ReadWritePaths=-${path}
</#list>
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6

[Install]
WantedBy=multi-user.target
