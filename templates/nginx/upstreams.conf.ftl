# The moonlight gateway<#if (gateways?size > 1)>s (sharing sessions and signaling through Redis)</#if>: REST API and web client, and WebSocket signaling.
upstream ${apiUpstream} {
<#list gateways as gateway>
    server ${gateway.host}:${gateway.apiPort};
</#list>
}
upstream ${signalingUpstream} {
<#list gateways as gateway>
    server ${gateway.host}:${gateway.signalingPort};
</#list>
}
<#if defineConnectionUpgrade>
# "Connection: upgrade" for WebSocket requests, "close" otherwise (nothing else in nginx defines it).
map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
</#if>
