package io.moonlight.core.turn;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few STUN messages (RFC 5389) and TURN attributes (RFC 5766) an allocation needs: requests
 * written with long-term credentials, responses read for their error code, realm, nonce and
 * relayed address.
 */
final class StunMessage {
    static final int ALLOCATE = 0x0003;
    static final int REFRESH = 0x0004;
    static final int SUCCESS = 0x0100;
    static final int ERROR = 0x0110;
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int LIFETIME = 0x000D;
    static final int REALM = 0x0014;
    static final int NONCE = 0x0015;
    static final int XOR_RELAYED_ADDRESS = 0x0016;
    static final int REQUESTED_TRANSPORT = 0x0019;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int HEADER = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    final int type;
    final byte[] transaction;
    /** By attribute type, in the order they came; the raw values. */
    final Map<Integer, byte[]> attributes;

    private StunMessage(int type, byte[] transaction, Map<Integer, byte[]> attributes) {
        this.type = type;
        this.transaction = transaction;
        this.attributes = attributes;
    }

    static StunMessage request(int method) {
        byte[] transaction = new byte[12];
        RANDOM.nextBytes(transaction);
        return new StunMessage(method, transaction, new LinkedHashMap<>());
    }

    StunMessage with(int attribute, byte[] value) {
        attributes.put(attribute, value);
        return this;
    }

    StunMessage with(int attribute, String value) {
        return with(attribute, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The message on the wire; with {@code key}, MESSAGE-INTEGRITY last (HMAC-SHA1 of all before it). */
    byte[] encode(byte[] key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        attributes.forEach((attribute, value) -> writeAttribute(body, attribute, value));
        int length = body.size() + (key == null ? 0 : 24);
        ByteBuffer header = ByteBuffer.allocate(HEADER).putShort((short) type).putShort((short) length)
                .putInt(MAGIC_COOKIE).put(transaction);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(header.array());
        message.writeBytes(body.toByteArray());
        if (key != null) {
            writeAttribute(message, MESSAGE_INTEGRITY, hmacSha1(key, message.toByteArray()));
        }
        return message.toByteArray();
    }

    /** The response in {@code packet} when it answers {@code request}, else empty (a stray datagram). */
    static Optional<StunMessage> response(byte[] packet, int length, StunMessage request) {
        if (length < HEADER) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(packet, 0, length);
        int type = in.getShort() & 0xFFFF;
        int bodyLength = in.getShort() & 0xFFFF;
        byte[] transaction = new byte[12];
        if (in.getInt() != MAGIC_COOKIE || HEADER + bodyLength > length) {
            return Optional.empty();
        }
        in.get(transaction);
        if (!Arrays.equals(transaction, request.transaction)) {
            return Optional.empty();
        }
        Map<Integer, byte[]> attributes = new LinkedHashMap<>();
        while (in.position() + 4 <= HEADER + bodyLength) {
            int attribute = in.getShort() & 0xFFFF;
            int size = in.getShort() & 0xFFFF;
            if (in.position() + size > HEADER + bodyLength) {
                break;
            }
            byte[] value = new byte[size];
            in.get(value);
            attributes.putIfAbsent(attribute, value);
            in.position(in.position() + (4 - size % 4) % 4);
        }
        return Optional.of(new StunMessage(type, transaction, attributes));
    }

    boolean isSuccess() {
        return (type & 0x0110) == SUCCESS;
    }

    /** The error code (e.g. 401) and reason of an error response, e.g. "401 Unauthorized". */
    int errorCode() {
        byte[] value = attributes.get(ERROR_CODE);
        return value == null || value.length < 4 ? 0 : (value[2] & 0x07) * 100 + (value[3] & 0xFF);
    }

    String errorReason() {
        byte[] value = attributes.get(ERROR_CODE);
        String reason = value == null || value.length < 4 ? "" : new String(value, 4, value.length - 4,
                StandardCharsets.UTF_8).strip();
        return (errorCode() + " " + reason).strip();
    }

    Optional<String> text(int attribute) {
        return Optional.ofNullable(attributes.get(attribute)).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** XOR-RELAYED-ADDRESS, un-XORed with the magic cookie (and for IPv6 the transaction id). */
    Optional<InetSocketAddress> relayedAddress() {
        byte[] value = attributes.get(XOR_RELAYED_ADDRESS);
        if (value == null || value.length < 8) {
            return Optional.empty();
        }
        int port = ((value[2] & 0xFF) << 8 | (value[3] & 0xFF)) ^ (MAGIC_COOKIE >>> 16);
        byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transaction).array();
        byte[] address = Arrays.copyOfRange(value, 4, value.length);
        for (int i = 0; i < address.length; i++) {
            address[i] ^= mask[i];
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The long-term credential key: MD5(username ":" realm ":" password). */
    static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5").digest((username + ":" + realm + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }

    static byte[] udpTransport() {
        return new byte[] {17, 0, 0, 0};
    }

    static byte[] seconds(int seconds) {
        return ByteBuffer.allocate(4).putInt(seconds).array();
    }

    private static void writeAttribute(ByteArrayOutputStream out, int attribute, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) attribute).putShort((short) value.length).array());
        out.writeBytes(value);
        out.writeBytes(new byte[(4 - value.length % 4) % 4]);
    }

    static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA1", e);
        }
    }
}
