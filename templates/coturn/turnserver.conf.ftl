# Written by 'moonlight install turn'; changes are replaced on the next install.
# coturn for moonlight's browsers: TURN with time-limited credentials (TURN REST API) that the
# gateway issues from the shared secret below; no static users, no admin CLI, relaying only to
# the viz nodes' networks. This file holds the secret: root:turnserver, mode 0640.
listening-port=${port}
<#list listeningIps as ip>
listening-ip=${ip}
</#list>
<#list relayIps as ip>
relay-ip=${ip}
</#list>
min-port=${minPort}
max-port=${maxPort}
realm=${realm}
use-auth-secret
static-auth-secret=${secret}
fingerprint
no-multicast-peers
no-cli
<#if certificate??>
tls-listening-port=${tlsPort}
cert=${certificate}
pkey=${privateKey}
no-tlsv1
no-tlsv1_1
<#else>
no-tls
no-dtls
</#if>
# Peers: every private, loopback, link-local and reserved range is denied (the relay must not
# become a way into the head node's networks) except the viz nodes' ranges and the relay's own
# addresses, allowed below (allowed-peer-ip wins over denied-peer-ip).
denied-peer-ip=0.0.0.0-0.255.255.255
denied-peer-ip=10.0.0.0-10.255.255.255
denied-peer-ip=100.64.0.0-100.127.255.255
denied-peer-ip=127.0.0.0-127.255.255.255
denied-peer-ip=169.254.0.0-169.254.255.255
denied-peer-ip=172.16.0.0-172.31.255.255
denied-peer-ip=192.0.0.0-192.0.0.255
denied-peer-ip=192.0.2.0-192.0.2.255
denied-peer-ip=192.88.99.0-192.88.99.255
denied-peer-ip=192.168.0.0-192.168.255.255
denied-peer-ip=198.18.0.0-198.19.255.255
denied-peer-ip=198.51.100.0-198.51.100.255
denied-peer-ip=203.0.113.0-203.0.113.255
denied-peer-ip=240.0.0.0-255.255.255.255
denied-peer-ip=::1
denied-peer-ip=64:ff9b::-64:ff9b::ffff:ffff
denied-peer-ip=::ffff:0.0.0.0-::ffff:255.255.255.255
denied-peer-ip=100::-100::ffff:ffff:ffff:ffff
denied-peer-ip=2001::-2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff
denied-peer-ip=2002::-2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff
denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
denied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff
<#list allowedPeers as range>
allowed-peer-ip=${range}
</#list>
