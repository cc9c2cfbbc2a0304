package io.moonlight.gateway.auth;

import com.auth0.jwk.JwkException;
import com.auth0.jwk.JwkProvider;
import com.auth0.jwk.JwkProviderBuilder;
import com.auth0.jwk.NetworkException;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import io.moonlight.core.MoonlightException;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The portal's RSA keys from its JWKS URL, looked up by the token's key id. Keys are cached; a key id
 * not in the cache fetches the set again, so a key the portal rotated in is found at once, while
 * the rate limit keeps tokens with made-up key ids from turning the gateway against the portal.
 * An unknown key is a bad token (401); an unreachable JWKS URL is the gateway's problem (503).
 */
final class JwksKeys implements RSAKeyProvider {
    static final Duration CACHE_TIME = Duration.ofMinutes(10);
    static final int CACHED_KEYS = 20;
    static final int FETCHES_PER_MINUTE = 10;
    private static final int TIMEOUT_MILLIS = 3000;

    private final String url;
    private final JwkProvider provider;

    JwksKeys(String url) {
        this.url = url;
        try {
            this.provider = new JwkProviderBuilder(URI.create(url).toURL())
                    .cached(CACHED_KEYS, CACHE_TIME.toMinutes(), TimeUnit.MINUTES)
                    .rateLimited(FETCHES_PER_MINUTE, 1, TimeUnit.MINUTES)
                    .timeouts(TIMEOUT_MILLIS, TIMEOUT_MILLIS)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw MoonlightException.badInput("configuration key 'gateway.jwt.jwks_url': '" + url + "' is not a URL",
                    "give the portal's JWKS address");
        }
    }

    /** The key, or null (the token then fails as badly signed) when the set has no RSA key by that id. */
    @Override
    public RSAPublicKey getPublicKeyById(String keyId) {
        try {
            PublicKey key = provider.get(keyId).getPublicKey();
            return key instanceof RSAPublicKey rsa ? rsa : null;
        } catch (NetworkException e) {
            throw MoonlightException.unavailable("the portal's JWKS at " + url + " is unreachable",
                    "check that the gateway can reach gateway.jwt.jwks_url");
        } catch (JwkException e) {
            return null;
        }
    }

    @Override
    public RSAPrivateKey getPrivateKey() {
        return null;
    }

    @Override
    public String getPrivateKeyId() {
        return null;
    }
}
