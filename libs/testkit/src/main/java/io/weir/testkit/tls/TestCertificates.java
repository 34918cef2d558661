package io.weir.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A fixed certificate authority and a server certificate for 127.0.0.1, ::1 and localhost, valid
 * until 2076, for TLS in tests only. The CA's private key was discarded after signing, so nothing
 * else can be signed with it.
 *
 * <p>MariaDB 11.4 generates a 4096-bit RSA key at every start when it has no certificate, which
 * takes seconds of CPU; handing it these files keeps start-up quick and makes TLS to test servers
 * verifiable against {@link #caCertificate()}.
 *
 * @param caCertificate the CA certificate (PEM) that signed the server certificate
 * @param serverCertificate the server certificate (PEM)
 * @param serverKey the server certificate's unencrypted private key (PEM)
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

  /** Writes the certificate files into {@code directory} and returns their paths. */
  public static TestCertificates writeTo(Path directory) {
    try {
      Files.createDirectories(directory);
      return new TestCertificates(
          copy("ca.pem", directory),
          copy("server.pem", directory),
          copy("server-key.pem", directory));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test certificates to " + directory, e);
    }
  }

  private static Path copy(String name, Path directory) throws IOException {
    Path target = directory.resolve(name);
    try (InputStream in = TestCertificates.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the test kit's resources");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
