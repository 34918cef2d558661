package io.weir.cdc.delivery;

import io.weir.cdc.source.SourceEndpoint;
import io.weir.cdc.source.StartGtid;
import io.weir.control.config.Configuration;
import io.weir.control.resource.ParameterValues;
import io.weir.control.resource.Secret;
import io.weir.control.resource.Server;
import io.weir.control.resource.Service;
import io.weir.control.resource.ServiceTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A {@code kafkacdc} service's parameters, typed and checked for what Weir does with them. {@code
 * cooperative_replication=true} is read here and needs the runner's Kubernetes Lease ({@code
 * weir.cdc.lease.*}); the runner refuses it without one.
 *
 * @param service the service's id
 * @param servers its servers in order, with the service's {@code user}, {@code password} and {@code
 *     timeout}; replication uses the first primary
 * @param kafka {@code bootstrap_servers}, {@code kafka_ssl*}, {@code kafka_sasl*}
 * @param topic {@code topic}
 * @param enableIdempotence {@code enable_idempotence}
 * @param gtid {@code gtid}
 * @param serverId {@code server_id}
 * @param filter {@code match} and {@code exclude}
 * @param sendSchema {@code send_schema}
 * @param readGtidFromKafka {@code read_gtid_from_kafka}
 * @param exactlyOnce {@code exactly_once}: one Kafka transaction per MariaDB transaction
 * @param cooperativeReplication {@code cooperative_replication}: only the holder of the service's
 *     Lease replicates
 */
public record KafkaCdcSettings(
    String service,
    List<SourceEndpoint> servers,
    KafkaAccess kafka,
    String topic,
    boolean enableIdempotence,
    StartGtid gtid,
    long serverId,
    TableFilter filter,
    boolean sendSchema,
    boolean readGtidFromKafka,
    boolean exactlyOnce,
    boolean cooperativeReplication) {

  /** The router these settings belong to. */
  public static final String ROUTER = "kafkacdc";

  public KafkaCdcSettings {
    servers = List.copyOf(servers);
  }

  /**
   * Reads {@code service}, a {@code kafkacdc} service of {@code configuration}.
   *
   * @throws IllegalArgumentException starting {@code services/<id>:} and naming every parameter
   *     refused, and why
   */
  public static KafkaCdcSettings of(Service service, Configuration configuration) {
    if (!service.router().equals(ROUTER)) {
      throw new IllegalArgumentException(
          "services/" + service.id() + " uses router " + service.router() + ", not " + ROUTER);
    }
    ParameterValues values = service.parameters();
    List<String> problems = new ArrayList<>();
    Pattern match = pattern(values, "match", problems);
    Pattern exclude = pattern(values, "exclude", problems);
    StartGtid gtid = new StartGtid.Beginning();
    try {
      gtid = StartGtid.parse(text(values, "gtid"));
    } catch (IllegalArgumentException e) {
      problems.add("parameter 'gtid': " + e.getMessage());
    }
    String certificate = optionalText(values, "kafka_ssl_cert");
    String key = optionalText(values, "kafka_ssl_key");
    if ((certificate == null) != (key == null)) {
      problems.add("parameters 'kafka_ssl_cert' and 'kafka_ssl_key' must be given together");
    }
    String saslUser = optionalText(values, "kafka_sasl_user");
    Secret saslPassword = values.find("kafka_sasl_password").map(Secret.class::cast).orElse(null);
    if ((saslUser == null) != (saslPassword == null)) {
      problems.add("parameters 'kafka_sasl_user' and 'kafka_sasl_password' must be given together");
    }
    boolean ssl = flag(values, "kafka_ssl");
    if (!ssl && (certificate != null || optionalText(values, "kafka_ssl_ca") != null)) {
      problems.add(
          "parameters 'kafka_ssl_ca', 'kafka_ssl_cert', 'kafka_ssl_key' need kafka_ssl=true");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "services/" + service.id() + ": " + String.join("; ", problems));
    }
    String user = text(values, "user");
    String password = values.find("password").map(Secret.class::cast).orElseThrow().value();
    Duration timeout = (Duration) values.find("timeout").orElse(Duration.ofSeconds(10));
    List<SourceEndpoint> servers = new ArrayList<>();
    for (String id : serverIds(service, configuration)) {
      Server server = configuration.servers().get(id);
      servers.add(new SourceEndpoint(id, server.address(), server.port(), user, password, timeout));
    }
    String ca = optionalText(values, "kafka_ssl_ca");
    return new KafkaCdcSettings(
        service.id(),
        servers,
        new KafkaAccess(
            text(values, "bootstrap_servers"),
            ssl,
            ca == null ? null : Path.of(ca),
            certificate == null ? null : Path.of(certificate),
            key == null ? null : Path.of(key),
            saslUser,
            saslPassword == null ? null : saslPassword.value(),
            (String) values.find("kafka_sasl_mechanism").orElse("PLAIN")),
        text(values, "topic"),
        flag(values, "enable_idempotence"),
        gtid,
        (Long) values.find("server_id").orElse(1234L),
        new TableFilter(match, exclude),
        (Boolean) values.find("send_schema").orElse(true),
        (Boolean) values.find("read_gtid_from_kafka").orElse(true),
        flag(values, "exactly_once"),
        flag(values, "cooperative_replication"));
  }

  /** Every kafkacdc service of {@code configuration}, in file order. */
  public static List<Service> services(Configuration configuration) {
    return configuration.services().values().stream()
        .filter(service -> service.router().equals(ROUTER))
        .toList();
  }

  private static List<String> serverIds(Service service, Configuration configuration) {
    return switch (service.targets()) {
      case ServiceTargets.Servers(List<String> servers) -> servers;
      case ServiceTargets.Cluster(String monitor) ->
          configuration.monitors().get(monitor).servers();
    };
  }

  private static @Nullable Pattern pattern(
      ParameterValues values, String name, List<String> problems) {
    String text = optionalText(values, name);
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      problems.add("parameter '" + name + "': not a regular expression: " + e.getDescription());
      return null;
    }
  }

  private static boolean flag(ParameterValues values, String name) {
    return Boolean.TRUE.equals(values.find(name).orElse(false));
  }

  private static String text(ParameterValues values, String name) {
    return values.find(name).map(String.class::cast).orElse("");
  }

  private static @Nullable String optionalText(ParameterValues values, String name) {
    return values.find(name).map(String.class::cast).orElse(null);
  }
}
