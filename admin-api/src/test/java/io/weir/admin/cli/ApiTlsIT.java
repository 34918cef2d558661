package io.weir.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.kubernetes.KubernetesApi;
import io.weir.testkit.kubernetes.WithKubernetesApi;
import io.weir.testkit.process.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * TLS on the admin API's port, with a CA and a certificate for 127.0.0.1 made in the test by the
 * JDK's {@code keytool}: HTTPS works for a client that trusts that CA (weirctl's {@code --ca-cert}
 * and a JVM trust store among them), plain HTTP on the port does not, and an instance forwards
 * writes to a Lease holder whose URL is {@code https}.
 */
@WithKafka
@WithKubernetesApi
class ApiTlsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "tls-password";
  private static final String AUTHORIZATION = basic("admin", PASSWORD);
  private static final String STORE_PASSWORD = "changeit";

  @Test
  @DisplayName(
      "HTTPS answers a client that trusts the CA (weirctl --ca-cert, a JVM trust store); an"
          + " untrusted client and plain HTTP on the TLS port fail")
  void servesHttpsWithTheConfiguredCertificate(@TempDir Path directory) throws Exception {
    Certificates certificates = Certificates.make(directory);
    List<String> arguments = new ArrayList<>(tls(certificates));
    arguments.add("--server.port=0");
    arguments.add("--weir.admin.initial-password=" + PASSWORD);
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(AdminApiApplication.class, arguments.toArray(String[]::new))) {
      int port = Integer.parseInt(admin.getEnvironment().getRequiredProperty("local.server.port"));
      URI https = URI.create("https://127.0.0.1:" + port);

      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(certificates.ca())).build();
      HttpResponse<String> users = get(trusting, https.resolve("/v1/users"));
      assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
      assertThat(JSON.readTree(users.body()).at("/data/0/id").asText()).isEqualTo("admin");

      assertThatThrownBy(() -> get(HttpClient.newHttpClient(), https.resolve("/v1/users")))
          .as("a client that does not trust the CA")
          .isInstanceOf(SSLException.class);
      assertPlainHttpFails(URI.create("http://127.0.0.1:" + port + "/v1/users"));

      Run withCa =
          weirctl(
              "--url",
              https.toString(),
              "--ca-cert",
              certificates.ca().toString(),
              "list",
              "servers");
      assertThat(withCa.exit()).as(withCa.err()).isEqualTo(Weirctl.DONE);
      Run withoutCa = weirctl("--url", https.toString(), "list", "servers");
      assertThat(withoutCa.exit()).isEqualTo(Weirctl.UNREACHABLE);
      assertThat(withoutCa.err()).contains("TLS failed", "--ca-cert");
      Run notPem =
          weirctl(
              "--url",
              https.toString(),
              "--ca-cert",
              certificates.trustStore().toString(),
              "list",
              "servers");
      assertThat(notPem.exit()).isEqualTo(Weirctl.USAGE);
      assertThat(notPem.err()).contains("cannot read CA certificates");

      assertThat(weirctlProcess(https, certificates.trustStore()))
          .as("weirctl trusts the JVM's trust store (-Djavax.net.ssl.trustStore)")
          .isZero();
    }
  }

  @Test
  @DisplayName(
      "an instance without the Lease forwards a write over HTTPS to the holder, trusting the CA of"
          + " weir.admin.lease.ssl-bundle; the account it made logs in on both at once")
  void forwardsWritesToAnHttpsHolder(
      KafkaBroker broker, KubernetesApi kubernetes, @TempDir Path directory) throws Exception {
    Certificates certificates = Certificates.make(directory);
    String lease = "weir-admin-" + UUID.randomUUID();
    String configTopic = "weir.config." + UUID.randomUUID();
    String usersTopic = "weir.admin.users." + UUID.randomUUID();
    String a = "https://127.0.0.1:" + FreePort.next();
    String b = "https://127.0.0.1:" + FreePort.next();
    HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(certificates.ca())).build();
    try (ConfigurableApplicationContext first =
            start(a, certificates, broker, kubernetes, configTopic, usersTopic, lease);
        ConfigurableApplicationContext second =
            start(b, certificates, broker, kubernetes, configTopic, usersTopic, lease)) {
      String holder = kubernetes.awaitLeaseHolder(lease, null);
      String other = holder.equals(a) ? b : a;

      HttpRequest create =
          HttpRequest.newBuilder(URI.create(other + "/v1/users/inet"))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"data\": {\"id\": \"bob\", \"type\": \"inet\", \"attributes\":"
                          + " {\"password\": \"bob-password\", \"account\": \"basic\"}}}"))
              .header("Content-Type", "application/json")
              .header("Authorization", AUTHORIZATION)
              .build();
      HttpResponse<String> created = trusting.send(create, HttpResponse.BodyHandlers.ofString());
      // the instance may not have seen the holder yet: it answers 503 and a retry goes through
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (created.statusCode() == 503 && System.nanoTime() < deadline) {
        Thread.sleep(500);
        created = trusting.send(create, HttpResponse.BodyHandlers.ofString());
      }
      assertThat(created.statusCode()).as("forwarded: " + created.body()).isEqualTo(201);
      for (String instance : List.of(other, holder)) {
        HttpResponse<String> bob =
            trusting.send(
                HttpRequest.newBuilder(URI.create(instance + "/v1/users/inet/bob"))
                    .header("Authorization", basic("bob", "bob-password"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bob.statusCode()).as(instance + ": " + bob.body()).isEqualTo(200);
      }
    }
  }

  /** A CA, a certificate it signed for 127.0.0.1 and localhost, and stores holding them. */
  private record Certificates(Path keyStore, Path trustStore, Path ca) {

    static Certificates make(Path directory) throws Exception {
      Path ca = directory.resolve("ca.pem");
      Path keyStore = directory.resolve("api.p12");
      Path trustStore = directory.resolve("trust.p12");
      Path caStore = directory.resolve("ca.p12");
      Path request = directory.resolve("api.csr");
      Path certificate = directory.resolve("api.pem");
      keytool(
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=Weir test CA",
          "-ext",
          "bc:c",
          "-validity",
          "2",
          "-keystore",
          caStore.toString());
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          caStore.toString(),
          "-file",
          ca.toString());
      keytool(
          "-genkeypair",
          "-alias",
          "api",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=localhost",
          "-validity",
          "2",
          "-keystore",
          keyStore.toString());
      keytool(
          "-certreq",
          "-alias",
          "api",
          "-keystore",
          keyStore.toString(),
          "-file",
          request.toString());
      keytool(
          "-gencert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          caStore.toString(),
          "-infile",
          request.toString(),
          "-outfile",
          certificate.toString(),
          "-validity",
          "2",
          "-ext",
          "SAN=ip:127.0.0.1,dns:localhost",
          "-ext",
          "EKU=serverAuth");
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "ca",
          "-file",
          ca.toString(),
          "-keystore",
          keyStore.toString());
      keytool(
          "-importcert",
          "-alias",
          "api",
          "-file",
          certificate.toString(),
          "-keystore",
          keyStore.toString());
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "ca",
          "-file",
          ca.toString(),
          "-keystore",
          trustStore.toString());
      return new Certificates(keyStore, trustStore, ca);
    }

    private static void keytool(String... arguments) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(arguments));
      command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(command + ": " + output).isZero();
    }
  }

  /** TLS on the API's port and for forwarding, with one SSL bundle. */
  private static List<String> tls(Certificates certificates) {
    return List.of(
        "--server.ssl.bundle=api",
        "--spring.ssl.bundle.jks.api.keystore.location=file:" + certificates.keyStore(),
        "--spring.ssl.bundle.jks.api.keystore.password=" + STORE_PASSWORD,
        "--spring.ssl.bundle.jks.api.keystore.type=PKCS12",
        "--spring.ssl.bundle.jks.api.truststore.location=file:" + certificates.trustStore(),
        "--spring.ssl.bundle.jks.api.truststore.password=" + STORE_PASSWORD,
        "--spring.ssl.bundle.jks.api.truststore.type=PKCS12",
        "--weir.admin.lease.ssl-bundle=api");
  }

  private static ConfigurableApplicationContext start(
      String url,
      Certificates certificates,
      KafkaBroker broker,
      KubernetesApi kubernetes,
      String configTopic,
      String usersTopic,
      String lease) {
    List<String> arguments = new ArrayList<>(tls(certificates));
    arguments.addAll(
        List.of(
            "--server.port=" + URI.create(url).getPort(),
            "--weir.admin.initial-password=" + PASSWORD,
            "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
            "--weir.config.topic=" + configTopic,
            "--weir.admin.users.topic=" + usersTopic,
            "--weir.admin.lease.enabled=true",
            "--weir.admin.lease.name=" + lease,
            "--weir.admin.lease.namespace=" + KubernetesApi.NAMESPACE,
            "--weir.admin.lease.identity=" + url,
            "--weir.admin.lease.duration=3s",
            "--weir.admin.lease.kubernetes-url=" + kubernetes.url()));
    return SpringApplication.run(AdminApiApplication.class, arguments.toArray(String[]::new));
  }

  private static void assertPlainHttpFails(URI plain) throws InterruptedException {
    try {
      HttpResponse<String> response = get(HttpClient.newHttpClient(), plain);
      assertThat(response.statusCode())
          .as("plain HTTP on the TLS port: " + response.body())
          .isNotEqualTo(200);
      assertThat(response.body()).doesNotContain("\"data\"");
    } catch (IOException expected) {
      // the TLS port closes a connection that does not start with a TLS handshake
    }
  }

  private static SSLContext trusting(Path ca) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static HttpResponse<String> get(HttpClient client, URI uri)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", AUTHORIZATION)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What one weirctl run printed and returned. */
  private record Run(int exit, String out, String err) {}

  private static Run weirctl(String... arguments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Weirctl(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("WEIRCTL_PASSWORD", PASSWORD))
            .run(arguments);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** weirctl as its own JVM, trusting only the trust store the JVM is given: its exit code. */
  private static int weirctlProcess(URI https, Path trustStore) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp",
                System.getProperty("java.class.path"),
                Weirctl.class.getName(),
                "--url",
                https.toString(),
                "--password",
                PASSWORD,
                "list",
                "servers")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    if (process.exitValue() != 0) {
      System.err.println("weirctl printed: " + output);
    }
    return process.exitValue();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
