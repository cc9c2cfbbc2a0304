package io.moonlight.core.ssh;

import io.moonlight.core.MoonlightException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks a host key against an OpenSSH known_hosts file (hashed entries too) and never adds to it:
 * an unknown or changed key is refused, and the refusal says how to trust the host after checking
 * its fingerprint.
 */
final class KnownHostsCheck extends OpenSSHKnownHosts {
    private final NodeAddress node;
    private MoonlightException refusal;

    KnownHostsCheck(File knownHosts, NodeAddress node) throws IOException {
        super(knownHosts);
        this.node = node;
    }

    /** Why the last host key was refused, if it was. */
    Optional<MoonlightException> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        refusal = MoonlightException.unavailable(
                "the host key of " + node.host() + " (" + describe(key) + ") is not in " + getFile(),
                "verify that fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then run: "
                        + keyscan());
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        refusal = MoonlightException.unavailable(
                "the host key of " + node.host() + " changed (now " + describe(key) + ", " + getFile()
                        + " has another): refusing to connect",
                "if the host was reinstalled, verify the new fingerprint on it, then run: ssh-keygen -f "
                        + getFile() + " -R '" + node.knownHostsName() + "' && " + keyscan());
        return false;
    }

    private String keyscan() {
        return "ssh-keyscan -p " + node.port() + " " + node.host() + " >> " + getFile();
    }

    /** The key as OpenSSH shows it: type and SHA256 fingerprint. */
    private static String describe(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return KeyType.fromKey(key) + " SHA256:" + new String(
                    Base64.getEncoder().withoutPadding().encode(digest), StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
