package io.moonlight.gateway.http;

import io.javalin.http.Context;
import io.moonlight.core.config.IpLiteral;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who a request comes from: the peer's address, or, when the peer is one of
 * {@code gateway.trusted_proxies} (nginx), the address its {@code X-Real-IP} header names. nginx
 * sets that header to the address it was connected from, so a client cannot choose it; from any
 * other peer the header is ignored. This is the address the log shows and the per-address limit counts.
 */
public final class ClientAddress {
    static final String REAL_IP = "X-Real-IP";
    private final Set<InetAddress> trustedProxies;

    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(p -> IpLiteral.parse(p).orElseThrow())
                .collect(Collectors.toUnmodifiableSet());
    }

    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        Optional<InetAddress> peerAddress = IpLiteral.parse(unbracketed(peer));
        if (peerAddress.isPresent() && trustedProxies.contains(peerAddress.get())) {
            Optional<InetAddress> client = IpLiteral.parse(ctx.header(REAL_IP));
            if (client.isPresent()) {
                return client.get().getHostAddress();
            }
        }
        return peerAddress.map(InetAddress::getHostAddress).orElse(peer);
    }

    /**
     * What the per-address limit counts under: the address itself, or for IPv6 its /64, the least a
     * site hands one host (one who holds a /64 could otherwise take a fresh address per request).
     */
    static String limitKey(String address) {
        Optional<InetAddress> parsed = IpLiteral.parse(address);
        if (parsed.isPresent() && parsed.get() instanceof Inet6Address v6) {
            byte[] prefix = Arrays.copyOf(v6.getAddress(), 8);
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < prefix.length; i += 2) {
                key.append(Integer.toHexString(((prefix[i] & 0xff) << 8) | (prefix[i + 1] & 0xff))).append(':');
            }
            return key.append(":/64").toString();
        }
        return address;
    }

    private static String unbracketed(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }
}
