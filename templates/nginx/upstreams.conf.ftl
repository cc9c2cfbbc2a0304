# The moonlight gateway: REST API and web client, and WebSocket signaling.
upstream ${apiUpstream} {
    server ${upstreamHost}:${apiPort};
}
upstream ${signalingUpstream} {
    server ${upstreamHost}:${signalingPort};
}
<#if defineConnectionUpgrade>
# "Connection: upgrade" for WebSocket requests, "close" otherwise (nothing else in nginx defines it).
map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
</#if>
