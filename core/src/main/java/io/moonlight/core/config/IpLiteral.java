package io.moonlight.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address written as a literal (IPv4 dotted quad or IPv6), read without any name lookup: a
 * text that is not one is no address, never a host name to resolve.
 */
public final class IpLiteral {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final int LONGEST = 45;

    private IpLiteral() {
    }

    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.length() > LONGEST || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            // Only digits, dots and (for IPv6) hex digits and colons reach here: the JDK reads them as a
            // literal and asks no resolver.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException | IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
