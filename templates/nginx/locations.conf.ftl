<#macro forwarded>
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $host;
    proxy_set_header X-Forwarded-Port $server_port;
</#macro>
# moonlight: paths reach the gateway unchanged (/moonlight/..., /api/moonlight/...).
# '^~': the portal's regex locations (e.g. for *.js) do not take these paths away from the gateway.
# Web client.
location ^~ /moonlight/ {
    proxy_pass http://${apiUpstream};
    proxy_http_version 1.1;
<@forwarded/>
}
# REST API.
location ^~ /api/moonlight/ {
    proxy_pass http://${apiUpstream};
    proxy_http_version 1.1;
<@forwarded/>
}
# WebRTC signaling: a WebSocket that stays open for the whole session.
location ^~ /moonlight/signaling {
    proxy_pass http://${signalingUpstream};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
<@forwarded/>
    proxy_read_timeout ${signalingTimeoutSeconds}s;
    proxy_send_timeout ${signalingTimeoutSeconds}s;
    proxy_buffering off;
    # Not in nginx's access log: a token a faulty client put in the query string would land there.
    # The gateway logs each signaling connection itself (who, which session, from where), never a query.
    access_log off;
}
