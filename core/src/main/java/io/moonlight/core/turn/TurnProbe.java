package io.moonlight.core.turn;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a TURN server for a UDP relay over UDP with a credential, as a browser does (RFC 5766): an
 * Allocate without credentials brings the realm and a nonce, the second one is signed with the
 * long-term key. A granted allocation is released at once (Refresh with lifetime 0).
 */
public final class TurnProbe {
    private static final int ATTEMPTS = 3;
    private final Duration timeout;

    /** @param timeout how long to wait for each answer (three attempts per request) */
    public TurnProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public TurnAllocation allocate(InetSocketAddress server, TurnCredential credential) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            socket.setSoTimeout((int) timeout.toMillis());
            Optional<StunMessage> challenge = exchange(socket, StunMessage.request(StunMessage.ALLOCATE)
                    .with(StunMessage.REQUESTED_TRANSPORT, StunMessage.udpTransport()), null);
            if (challenge.isEmpty()) {
                return TurnAllocation.refused("no answer from " + describe(server) + " within "
                        + timeout.multipliedBy(ATTEMPTS).toMillis() + " ms");
            }
            Optional<String> realm = challenge.get().text(StunMessage.REALM);
            Optional<String> nonce = challenge.get().text(StunMessage.NONCE);
            if (challenge.get().errorCode() != 401 || realm.isEmpty() || nonce.isEmpty()) {
                return TurnAllocation.refused(describe(server) + " did not ask for credentials: "
                        + (challenge.get().isSuccess() ? "it allocated without any" : challenge.get().errorReason()));
            }
            byte[] key = StunMessage.longTermKey(credential.username(), realm.get(), credential.password());
            Optional<StunMessage> answer = exchange(socket, signed(StunMessage.ALLOCATE, credential, realm.get(),
                    nonce.get()).with(StunMessage.REQUESTED_TRANSPORT, StunMessage.udpTransport()), key);
            if (answer.isEmpty()) {
                return TurnAllocation.refused("no answer from " + describe(server) + " to the signed Allocate");
            }
            if (!answer.get().isSuccess()) {
                return TurnAllocation.refused(describe(server) + " refused the allocation: "
                        + answer.get().errorReason());
            }
            Optional<InetSocketAddress> relayed = answer.get().relayedAddress();
            exchange(socket, signed(StunMessage.REFRESH, credential, realm.get(), nonce.get())
                    .with(StunMessage.LIFETIME, StunMessage.seconds(0)), key);
            return relayed.map(TurnAllocation::allocated).orElseGet(() -> TurnAllocation.refused(
                    describe(server) + " allocated without naming the relayed address"));
        } catch (IOException e) {
            return TurnAllocation.refused("cannot reach " + describe(server) + ": " + e.getMessage());
        }
    }

    private static StunMessage signed(int method, TurnCredential credential, String realm, String nonce) {
        return StunMessage.request(method).with(StunMessage.USERNAME, credential.username())
                .with(StunMessage.REALM, realm).with(StunMessage.NONCE, nonce);
    }

    /** Sends the request until its answer comes (UDP may lose either), at most three times. */
    private Optional<StunMessage> exchange(DatagramSocket socket, StunMessage request, byte[] key) throws IOException {
        byte[] bytes = request.encode(key);
        byte[] buffer = new byte[2048];
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            socket.send(new DatagramPacket(bytes, bytes.length));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                Optional<StunMessage> response = StunMessage.response(buffer, packet.getLength(), request);
                if (response.isPresent()) {
                    return response;
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(InetSocketAddress server) {
        return server.getHostString() + ":" + server.getPort();
    }
}
