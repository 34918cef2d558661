package io.weir.proxy.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.weir.control.resource.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Builds Netty TLS contexts from the {@code ssl_*} parameters of listeners and servers.
 *
 * <p>Towards servers, a configured {@code ssl_ca} is used to verify the server's certificate;
 * without one the proxy encrypts but does not verify, as MaxScale does by default ({@code
 * ssl_verify_peer_certificate=false}).
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** The context a listener presents to its clients; certificate and key are required. */
  public static SslContext forListener(String listener, TlsSettings settings) {
    Path certificate = settings.certificate();
    Path key = settings.key();
    if (certificate == null || key == null) {
      throw new IllegalStateException(
          "listeners/" + listener + ": ssl=true needs ssl_cert and ssl_key");
    }
    try {
      SslContextBuilder builder =
          SslContextBuilder.forServer(certificate.toFile(), key.toFile())
              .protocols(protocols(settings.version()));
      Path ca = settings.certificateAuthority();
      if (ca != null) {
        builder.trustManager(ca.toFile());
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "listeners/" + listener + ": cannot load ssl_cert/ssl_key: " + e.getMessage(), e);
    }
  }

  /** The context the proxy uses when it connects to server {@code server}. */
  public static SslContext forServer(String server, TlsSettings settings) {
    try {
      SslContextBuilder builder =
          SslContextBuilder.forClient().protocols(protocols(settings.version()));
      Path ca = settings.certificateAuthority();
      if (ca != null) {
        builder.trustManager(ca.toFile());
      } else {
        builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
      }
      Path certificate = settings.certificate();
      Path key = settings.key();
      if (certificate != null && key != null) {
        builder.keyManager(certificate.toFile(), key.toFile());
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "servers/" + server + ": cannot build TLS settings: " + e.getMessage(), e);
    }
  }

  private static String @Nullable [] protocols(String version) {
    List<String> allowed =
        switch (version) {
          case "TLSv10" -> List.of("TLSv1");
          case "TLSv11" -> List.of("TLSv1.1");
          case "TLSv12" -> List.of("TLSv1.2");
          case "TLSv13" -> List.of("TLSv1.3");
          default -> List.of("TLSv1.2", "TLSv1.3");
        };
    return allowed.toArray(String[]::new);
  }
}
