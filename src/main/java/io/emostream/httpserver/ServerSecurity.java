package io.emostream.httpserver;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS and HTTP basic auth for the JDK's HTTP server, as the service's endpoint and the in-process schema registry use
 * it. Off unless configured: plain HTTP without credentials on 127.0.0.1 is the embedded default.
 *
 * @param keystore         PKCS12 or JKS file with the server's key and certificate; null: plain HTTP
 * @param keystorePassword its password
 * @param keystoreType     PKCS12 or JKS
 * @param userInfo         {@code user:password} a request must present; null: no authentication
 */
public record ServerSecurity(Path keystore, String keystorePassword, String keystoreType, String userInfo) {
    public static final ServerSecurity NONE = new ServerSecurity(null, null, null, null);

    public boolean tls() {
        return keystore != null;
    }

    /** An HTTP or, with a keystore, an HTTPS server bound to {@code host:port}. */
    public HttpServer create(String host, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (!tls()) return HttpServer.create(address, 0);
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(sslContext(true)));
        return https;
    }

    /**
     * The server's TLS context; with {@code serving} false, a client context that trusts the keystore's certificates
     * (instances of one deployment share a certificate or its CA, so that is how they trust each other).
     */
    public SSLContext sslContext(boolean serving) throws IOException {
        try {
            KeyStore ks =
                    KeyStore.getInstance(keystoreType == null || keystoreType.isBlank() ? "PKCS12" : keystoreType);
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, keystorePassword == null ? null : keystorePassword.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (serving) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, keystorePassword == null ? new char[0] : keystorePassword.toCharArray());
                ctx.init(kmf.getKeyManagers(), null, null);
            } else {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                ctx.init(null, tmf.getTrustManagers(), null);
            }
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** Requires the credentials on {@code context} when they are configured. */
    public void protect(HttpContext context, String realm) {
        if (userInfo == null || userInfo.isBlank()) return;
        int colon = userInfo.indexOf(':');
        if (colon < 1) throw new IllegalArgumentException("user info must be user:password");
        byte[] user = userInfo.substring(0, colon).getBytes(StandardCharsets.UTF_8);
        byte[] password = userInfo.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        context.setAuthenticator(new BasicAuthenticator(realm) {
            @Override
            public boolean checkCredentials(String u, String p) {
                // both compared in full, in constant time: no timing hint of which part was wrong
                boolean userOk = MessageDigest.isEqual(user, u.getBytes(StandardCharsets.UTF_8));
                return MessageDigest.isEqual(password, p.getBytes(StandardCharsets.UTF_8)) & userOk;
            }
        });
    }

    /** What a client sends: the Authorization header value, or null. */
    public String authorization() {
        if (userInfo == null || userInfo.isBlank()) return null;
        return "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { // never the password
        return "ServerSecurity[tls=" + tls() + ", auth=" + (userInfo != null && !userInfo.isBlank()) + "]";
    }
}
