package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.source.StartGtid;
import io.weir.control.config.Configuration;
import io.weir.control.config.StaticConfiguration;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaCdcSettingsTest {

  @Test
  @DisplayName("MaxScale's minimal kafkacdc service reads with MaxScale's defaults")
  void defaults() throws Exception {
    KafkaCdcSettings settings = settings("");

    assertThat(settings.service()).isEqualTo("cdc");
    assertThat(settings.topic()).isEqualTo("changes");
    assertThat(settings.servers())
        .singleElement()
        .satisfies(
            server -> {
              assertThat(server.host()).isEqualTo("127.0.0.1");
              assertThat(server.port()).isEqualTo(3306);
              assertThat(server.user()).isEqualTo("maxuser");
              assertThat(server.password()).isEqualTo("maxpwd");
              assertThat(server.timeout()).isEqualTo(Duration.ofSeconds(10));
            });
    assertThat(settings.serverId()).isEqualTo(1234L);
    assertThat(settings.gtid()).isEqualTo(new StartGtid.Beginning());
    assertThat(settings.sendSchema()).isTrue();
    assertThat(settings.readGtidFromKafka()).isTrue();
    assertThat(settings.enableIdempotence()).isFalse();
    assertThat(settings.exactlyOnce()).isFalse();
    assertThat(settings.kafka().clientProperties())
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("security.protocol", "PLAINTEXT");
  }

  @Test
  @DisplayName("match and exclude are unanchored regexes over db.table")
  void matchAndExclude() throws Exception {
    TableFilter filter =
        settings("      match: db1[.]\n      exclude: db1[.](accounts|users)\n").filter();

    assertThat(filter.accepts("db1", "orders")).isTrue();
    assertThat(filter.accepts("db1", "accounts")).isFalse();
    assertThat(filter.accepts("db2", "orders")).isFalse();
    assertThat(filter.accepts("my.db1", "orders")).isTrue();
  }

  @Test
  void gtidTakesAListNewestOrOldest() throws Exception {
    assertThat(settings("      gtid: 0-3000-14,1-3001-7\n").gtid())
        .isEqualTo(new StartGtid.Listed(GtidPosition.parse("0-3000-14,1-3001-7")));
    assertThat(settings("      gtid: newest\n").gtid()).isEqualTo(new StartGtid.Newest());
    assertThat(settings("      gtid: oldest\n").gtid()).isEqualTo(new StartGtid.Oldest());
    assertThatThrownBy(() -> settings("      gtid: latest\n"))
        .hasMessageContaining("parameter 'gtid'")
        .hasMessageContaining("newest or oldest");
  }

  @Test
  @DisplayName("cooperative_replication and exactly_once are read (the runner checks the Lease)")
  void cooperativeReplicationAndExactlyOnceAreRead() throws Exception {
    assertThat(settings("      cooperative_replication: on\n").cooperativeReplication()).isTrue();
    assertThat(settings("").cooperativeReplication()).isFalse();
    assertThat(settings("      exactly_once: true\n").exactlyOnce()).isTrue();
  }

  @Test
  void halfGivenPairsAreRefused() {
    assertThatThrownBy(
            () -> settings("      kafka_ssl: true\n      kafka_ssl_cert: /etc/cert.pem\n"))
        .hasMessageContaining("'kafka_ssl_cert' and 'kafka_ssl_key' must be given together");
    assertThatThrownBy(() -> settings("      kafka_sasl_user: cdc\n"))
        .hasMessageContaining("'kafka_sasl_user' and 'kafka_sasl_password'");
    assertThatThrownBy(() -> settings("      match: 'db1[('\n"))
        .hasMessageContaining("parameter 'match': not a regular expression");
  }

  @Test
  @DisplayName("kafka_ssl and kafka_sasl become Kafka client settings (PEM, JAAS)")
  void securitySettings(@TempDir Path directory) throws Exception {
    Path ca = Files.writeString(directory.resolve("ca.pem"), "CA PEM");
    Path cert = Files.writeString(directory.resolve("cert.pem"), "CERT PEM");
    Path key = Files.writeString(directory.resolve("key.pem"), "KEY PEM");
    var properties =
        settings(
                "      kafka_ssl: true\n      kafka_ssl_ca: "
                    + ca
                    + "\n      kafka_ssl_cert: "
                    + cert
                    + "\n      kafka_ssl_key: "
                    + key
                    + "\n      kafka_sasl_user: cdc\n      kafka_sasl_password: 'p\"w'\n"
                    + "      kafka_sasl_mechanism: SCRAM-SHA-512\n")
            .kafka()
            .clientProperties();

    assertThat(properties)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", "CA PEM")
        .containsEntry("ssl.keystore.certificate.chain", "CERT PEM")
        .containsEntry("ssl.keystore.key", "KEY PEM")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"cdc\""
                + " password=\"p\\\"w\";");
  }

  @Test
  void aMissingPemFileIsNamedByItsParameter() throws Exception {
    KafkaAccess access =
        settings("      kafka_ssl: true\n      kafka_ssl_ca: /nonexistent/ca.pem\n").kafka();

    assertThatThrownBy(access::clientProperties)
        .hasMessageContaining("parameter 'kafka_ssl_ca': cannot read /nonexistent/ca.pem");
  }

  static Configuration configuration(String extraParameters) throws Exception {
    return StaticConfiguration.parse(
        "weir.yaml",
        new StringReader(
            """
            servers:
              server1:
                parameters: {address: 127.0.0.1, port: 3306}
            services:
              cdc:
                router: kafkacdc
                servers: [server1]
                parameters:
                  user: maxuser
                  password: maxpwd
                  bootstrap_servers: 127.0.0.1:9092
                  topic: changes
            """
                + extraParameters));
  }

  private static KafkaCdcSettings settings(String extraParameters) throws Exception {
    Configuration configuration = configuration(extraParameters);
    return KafkaCdcSettings.of(configuration.services().get("cdc"), configuration);
  }
}
