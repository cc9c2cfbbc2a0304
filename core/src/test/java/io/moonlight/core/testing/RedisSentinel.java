package io.moonlight.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** A real Redis Sentinel on 127.0.0.1 watching one master, for tests of clients that find Redis through it. */
public final class RedisSentinel implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisSentinel(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisSentinel start(Path dir, String masterName, int masterPort) throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        // Sentinel rewrites its configuration file, so it gets its own in the temp dir.
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, String.join("\n", List.of("port " + port, "bind 127.0.0.1", "dir " + dir,
                "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1")) + "\n");
        Process process = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(dir, "sentinel", ".log").toFile())
                .start();
        RedisSentinel sentinel = new RedisSentinel(process, port);
        sentinel.awaitMaster(masterName);
        return sentinel;
    }

    public int port() {
        return port;
    }

    private void awaitMaster(String masterName) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if (jedis.sentinelGetMasterAddrByName(masterName) != null) {
                    return;
                }
            } catch (JedisException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis sentinel exited with " + process.exitValue());
                }
            }
            Thread.sleep(50);
        }
        close();
        throw new IOException("redis sentinel did not name master " + masterName + " within 10 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
