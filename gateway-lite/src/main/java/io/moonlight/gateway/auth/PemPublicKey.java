package io.moonlight.gateway.auth;

import io.moonlight.core.MoonlightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the portal's RSA public key from a PEM file ("-----BEGIN PUBLIC KEY-----", X.509 SubjectPublicKeyInfo). */
final class PemPublicKey {
    private static final String KEY = "gateway.jwt.rs256_public_key";
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PemPublicKey() {
    }

    static RSAPublicKey read(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw MoonlightException.badInput("configuration key '" + KEY + "': cannot read " + file + ": " + e.getMessage(),
                    "point it at the portal's public key file, readable by the gateway's user");
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw MoonlightException.badInput("configuration key '" + KEY + "': " + file + " holds no PEM public key",
                    "export it with 'openssl rsa -in private.pem -pubout' (a '" + BEGIN + "' block)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw MoonlightException.badInput("configuration key '" + KEY + "': " + file + " is not an RSA public key",
                    "RS256 needs the portal's RSA public key in PEM form");
        }
    }
}
