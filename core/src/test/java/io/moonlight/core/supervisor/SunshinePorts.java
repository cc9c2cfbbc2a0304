package io.moonlight.core.supervisor;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/** Sunshine's ports around a base port, and whether something on this host holds them. */
final class SunshinePorts {
    private static final List<Integer> TCP = List.of(-5, 0, 1, 21);
    private static final List<Integer> UDP = List.of(9, 10, 11);

    private SunshinePorts() {
    }

    static boolean allTaken(int base) {
        return TCP.stream().allMatch(o -> tcpTaken(base + o)) && UDP.stream().allMatch(o -> udpTaken(base + o));
    }

    static boolean allFree(int base) {
        return TCP.stream().noneMatch(o -> tcpTaken(base + o)) && UDP.stream().noneMatch(o -> udpTaken(base + o));
    }

    private static boolean tcpTaken(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean udpTaken(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
