package io.weir.cdc.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * How a kafkacdc service reaches Kafka: MaxScale's {@code bootstrap_servers}, {@code kafka_ssl*}
 * and {@code kafka_sasl*}, as Kafka client settings. PEM files are read when the settings are made,
 * so a missing file stops the start naming its parameter.
 *
 * @param bootstrapServers {@code host:port} list
 * @param ssl TLS towards the brokers
 * @param ca PEM CA file; null for the JVM's trust store
 * @param certificate PEM client certificate; with {@code key}
 * @param key PEM private key in PKCS#8, unencrypted; with {@code certificate}
 * @param saslUser SASL user; null for no SASL
 * @param saslPassword SASL password; with {@code saslUser}
 * @param saslMechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
 */
public record KafkaAccess(
    String bootstrapServers,
    boolean ssl,
    @Nullable Path ca,
    @Nullable Path certificate,
    @Nullable Path key,
    @Nullable String saslUser,
    @Nullable String saslPassword,
    String saslMechanism) {

  /** The producer's batch size, below the broker's default 1 MB limit on a batch. */
  static final int BATCH_BYTES = 512 * 1024;

  /** Plain connections to {@code bootstrapServers}. */
  public static KafkaAccess plaintext(String bootstrapServers) {
    return new KafkaAccess(bootstrapServers, false, null, null, null, null, null, "PLAIN");
  }

  /**
   * What every client of the service needs: servers, security protocol, TLS and SASL.
   *
   * @throws IllegalArgumentException naming the parameter whose file cannot be read
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    boolean sasl = saslUser != null;
    String protocol = ssl ? (sasl ? "SASL_SSL" : "SSL") : (sasl ? "SASL_PLAINTEXT" : "PLAINTEXT");
    properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (ssl) {
      if (ca != null) {
        properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        properties.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, read("kafka_ssl_ca", ca));
      }
      if (certificate != null && key != null) {
        properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
        properties.put(
            SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read("kafka_ssl_cert", certificate));
        properties.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, read("kafka_ssl_key", key));
      }
    }
    if (sasl) {
      String module =
          saslMechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      properties.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
      properties.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          module
              + " required username=\""
              + quoted(saslUser)
              + "\" password=\""
              + quoted(saslPassword == null ? "" : saslPassword)
              + "\";");
    }
    return properties;
  }

  /**
   * Producer settings: every record acknowledged by all in-sync replicas, retried until {@code
   * deliveryTimeout}, in order per partition (one request in flight unless the idempotent producer
   * keeps order itself).
   *
   * @param idempotent MaxScale's {@code enable_idempotence}
   * @param bufferBytes the producer's buffer; at least the in-flight bound, so a send never waits
   *     for memory the bound already accounts for
   */
  public Map<String, Object> producerProperties(
      boolean idempotent, Duration deliveryTimeout, long bufferBytes, String clientId) {
    Map<String, Object> properties = clientProperties();
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
    if (!idempotent) {
      properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }
    properties.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    long timeout = deliveryTimeout.toMillis();
    long request = Math.min(30_000, timeout / 2);
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Without idempotence one request is in flight, and a request carries one batch per
    // partition: with Kafka's 16 KB batches that is ~50 row documents per round trip, which held a
    // backlog drain to the broker's round trips (bench/run-cdc). Batches of 512 KB fill only as
    // far as the records waiting allow, so live latency is unchanged.
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) Math.min(BATCH_BYTES, bufferBytes / 4));
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
    // a send blocks (holding replication back) while brokers are away, up to the same limit
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
    properties.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return properties;
  }

  private static String read(String parameter, Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "parameter '" + parameter + "': cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String quoted(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "KafkaAccess[" + bootstrapServers + (ssl ? ", ssl" : "") + "]";
  }
}
