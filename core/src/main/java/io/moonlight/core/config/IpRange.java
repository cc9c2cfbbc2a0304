package io.moonlight.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A range of IP addresses written as one address, a CIDR block (10.20.0.0/16, fd00::/8) or two
 * addresses of the same family joined by '-', read without name lookups ({@link IpLiteral}).
 */
public record IpRange(InetAddress first, InetAddress last) {

    public static Optional<IpRange> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dash = text.indexOf('-');
        if (dash >= 0) {
            Optional<InetAddress> first = IpLiteral.parse(text.substring(0, dash).strip());
            Optional<InetAddress> last = IpLiteral.parse(text.substring(dash + 1).strip());
            return first.isPresent() && last.isPresent()
                    && first.get().getAddress().length == last.get().getAddress().length
                    && compare(first.get(), last.get()) <= 0
                    ? Optional.of(new IpRange(first.get(), last.get())) : Optional.empty();
        }
        int slash = text.indexOf('/');
        Optional<InetAddress> address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = address.get().getAddress();
        int bits = bytes.length * 8;
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bytes.length * 8) {
                return Optional.empty();
            }
            bits = Integer.parseInt(prefix);
        }
        byte[] low = bytes.clone();
        byte[] high = bytes.clone();
        for (int bit = bits; bit < bytes.length * 8; bit++) {
            low[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            high[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return Optional.of(new IpRange(address(low), address(high)));
    }

    /** As coturn's allowed-peer-ip and denied-peer-ip take it: "ADDRESS" or "FIRST-LAST". */
    public String coturn() {
        return first.equals(last) ? first.getHostAddress() : first.getHostAddress() + "-" + last.getHostAddress();
    }

    private static int compare(InetAddress a, InetAddress b) {
        return java.util.Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
