package io.weir.control.parameter;

import static io.weir.control.parameter.ParameterSpec.optional;
import static io.weir.control.parameter.ParameterSpec.required;
import static io.weir.control.parameter.ParameterSpec.withDefault;

import io.weir.control.parameter.ModuleSchema.RequiredWhen;
import io.weir.control.parameter.ParameterType.BooleanType;
import io.weir.control.parameter.ParameterType.DurationType;
import io.weir.control.parameter.ParameterType.EnumSetType;
import io.weir.control.parameter.ParameterType.EnumType;
import io.weir.control.parameter.ParameterType.IntegerType;
import io.weir.control.parameter.ParameterType.PasswordType;
import io.weir.control.parameter.ParameterType.SizeType;
import io.weir.control.parameter.ParameterType.StringType;
import io.weir.control.parameter.ParameterType.TargetType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The schemas Weir knows. Names and defaults are MaxScale's (its readwritesplit, mirror and monitor
 * documentation); only parameters Weir is sure of are listed, so an unknown one is reported rather
 * than silently ignored.
 */
public final class ModuleSchemas {

  private static final StringType STRING = new StringType();
  private static final PasswordType PASSWORD = new PasswordType();
  private static final BooleanType BOOLEAN = new BooleanType();
  private static final DurationType SECONDS = new DurationType(ChronoUnit.SECONDS);
  private static final DurationType MILLISECONDS = new DurationType(ChronoUnit.MILLIS);
  private static final IntegerType NON_NEGATIVE = IntegerType.atLeast(0);
  private static final IntegerType POSITIVE = IntegerType.atLeast(1);
  private static final IntegerType PORT_NUMBER = new IntegerType(1, 65535);

  // --- TLS, shared by servers and listeners ---

  /** Whether TLS is used. */
  public static final ParameterSpec<Boolean> SSL =
      withDefault("ssl", BOOLEAN, false, false, "Use TLS on this connection.");

  /** PEM certificate. */
  public static final ParameterSpec<String> SSL_CERT =
      optional(
          "ssl_cert", STRING, false, "PEM certificate file; listeners with TLS must have one.");

  /** PEM private key. */
  public static final ParameterSpec<String> SSL_KEY =
      optional("ssl_key", STRING, false, "PEM private key file; listeners with TLS must have one.");

  /** PEM CA bundle. */
  public static final ParameterSpec<String> SSL_CA =
      optional("ssl_ca", STRING, false, "PEM CA bundle that verifies the peer's certificate.");

  /** TLS version. */
  public static final ParameterSpec<String> SSL_VERSION =
      withDefault(
          "ssl_version",
          EnumType.of("MAX", "TLSv10", "TLSv11", "TLSv12", "TLSv13"),
          "MAX",
          false,
          "TLS version to allow; MAX means the newest both sides support.");

  // --- servers ---

  /** A server's host. */
  public static final ParameterSpec<String> SERVER_ADDRESS =
      required("address", STRING, true, "Host name or IP address of the server.");

  /** A server's port. */
  public static final ParameterSpec<Long> SERVER_PORT =
      withDefault("port", PORT_NUMBER, 3306L, true, "TCP port of the server.");

  /** Parameters every server has. */
  public static final ModuleSchema SERVER =
      ModuleSchema.of(
          "server",
          SERVER_ADDRESS,
          SERVER_PORT,
          withDefault(
              "rank",
              EnumType.of("primary", "secondary"),
              "primary",
              true,
              "Routers prefer servers of rank primary; secondary ones are used when no primary"
                  + " one is available."),
          withDefault(
              "weight",
              NON_NEGATIVE,
              1L,
              true,
              "Relative share of reads and sessions routers give this server; 0 takes it only"
                  + " when no other server can."),
          withDefault(
              "priority",
              new IntegerType(Integer.MIN_VALUE, Integer.MAX_VALUE),
              0L,
              true,
              "For monitors that pick the master by priority: the lowest positive value wins, 0"
                  + " or less is never picked."),
          optional("monitoruser", STRING, true, "User the monitor logs in with on this server."),
          optional("monitorpw", PASSWORD, true, "Password of monitoruser."),
          withDefault(
              "persistpoolmax",
              NON_NEGATIVE,
              0L,
              true,
              "Idle backend connections kept for reuse; 0 disables the pool."),
          withDefault(
              "persistmaxtime",
              SECONDS,
              Duration.ZERO,
              true,
              "How long a pooled connection may stay idle; a bare number is in seconds."),
          withDefault(
              "proxy_protocol",
              BOOLEAN,
              false,
              true,
              "Send a PROXY protocol header so the server sees the client's address."),
          SSL,
          SSL_CERT,
          SSL_KEY,
          SSL_CA,
          SSL_VERSION);

  // --- listeners ---

  /** The address a listener binds. */
  public static final ParameterSpec<String> LISTENER_ADDRESS =
      withDefault("address", STRING, "::", false, "Address to listen on; :: means every address.");

  /** The port a listener binds. */
  public static final ParameterSpec<Long> LISTENER_PORT =
      required("port", PORT_NUMBER, false, "TCP port to listen on.");

  /** Parameters every listener has. */
  public static final ModuleSchema LISTENER =
      ModuleSchema.of(
          "listener",
          LISTENER_ADDRESS,
          LISTENER_PORT,
          optional(
              "authenticator",
              STRING,
              false,
              "Authentication module for clients; unset means the protocol's default."),
          optional(
              "authenticator_options",
              STRING,
              false,
              "Options of the authenticator, as key=value pairs separated by commas."),
          withDefault(
              "sql_mode",
              EnumType.of("default", "oracle"),
              "default",
              false,
              "SQL mode new sessions start in."),
          SSL,
          SSL_CERT,
          SSL_KEY,
          SSL_CA,
          SSL_VERSION);

  // --- services ---

  /** Parameters every service has, whatever its router. */
  public static final ModuleSchema SERVICE =
      ModuleSchema.of(
          "service",
          required("user", STRING, true, "User that loads the user accounts from the servers."),
          required("password", PASSWORD, true, "Password of user."),
          withDefault("enable_root_user", BOOLEAN, false, true, "Allow clients to log in as root."),
          withDefault(
              "max_connections",
              NON_NEGATIVE,
              0L,
              true,
              "Most client sessions at once; 0 means no limit."),
          withDefault(
              "connection_timeout",
              SECONDS,
              Duration.ZERO,
              true,
              "Idle client sessions are closed after this long; 0s disables it."),
          withDefault(
              "auth_all_servers",
              BOOLEAN,
              false,
              true,
              "Load users from every server instead of only the primary."),
          withDefault("log_auth_warnings", BOOLEAN, true, true, "Log failed client logins."),
          withDefault(
              "strip_db_esc",
              BOOLEAN,
              true,
              true,
              "Strip backslash escapes from database names in grants."),
          optional(
              "version_string",
              STRING,
              true,
              "Server version reported to clients; unset means the servers' own."));

  /** The {@code readconnroute} router: each session on one server of the chosen kind. */
  public static final ModuleSchema READCONNROUTE =
      ModuleSchema.of(
          "readconnroute",
          withDefault(
              "router_options",
              EnumSetType.of("master", "slave", "synced", "running"),
              Set.of("running"),
              true,
              "Server states a server must have to get new sessions."),
          withDefault(
              "master_accept_reads",
              BOOLEAN,
              true,
              true,
              "Whether the master may take sessions when router_options lacks master: as a"
                  + " running server, or for router_options=slave when no slave is available."),
          withDefault(
              "max_replication_lag",
              SECONDS,
              Duration.ZERO,
              true,
              "Slaves lagging this much or more get no new sessions; 0s ignores lag."));

  /** The {@code readwritesplit} router. */
  public static final ModuleSchema READWRITESPLIT =
      ModuleSchema.of(
          "readwritesplit",
          withDefault(
              "max_slave_connections",
              new ParameterType.CountOrPercentType(),
              "255",
              true,
              "Replicas a session connects to at most: a number, or a percentage of the available"
                  + " replicas."),
          withDefault(
              "max_slave_replication_lag",
              SECONDS,
              Duration.ZERO,
              true,
              "Replicas lagging more than this get no reads; 0s disables the check."),
          withDefault(
              "use_sql_variables_in",
              EnumType.of("master", "all"),
              "all",
              true,
              "Where reads of session variables go."),
          withDefault(
              "connection_keepalive",
              SECONDS,
              Duration.ofSeconds(300),
              true,
              "Ping backend connections idle this long while the client is active; 0s disables."),
          withDefault(
              "master_reconnection",
              BOOLEAN,
              false,
              true,
              "Let a session move to a new master mid-session when it is safe."),
          withDefault(
              "slave_selection_criteria",
              EnumType.of(
                  "LEAST_GLOBAL_CONNECTIONS",
                  "LEAST_ROUTER_CONNECTIONS",
                  "LEAST_BEHIND_MASTER",
                  "LEAST_CURRENT_OPERATIONS",
                  "ADAPTIVE_ROUTING"),
              "LEAST_CURRENT_OPERATIONS",
              true,
              "How reads are balanced over replicas."),
          withDefault(
              "max_sescmd_history",
              NON_NEGATIVE,
              50L,
              true,
              "Distinct session commands kept for reconnection before the history is disabled."),
          withDefault(
              "disable_sescmd_history",
              BOOLEAN,
              false,
              true,
              "Keep no session command history; failed replicas are then not replaced."),
          withDefault(
              "prune_sescmd_history",
              BOOLEAN,
              false,
              true,
              "Drop the oldest session commands instead of disabling the history at the limit."),
          withDefault(
              "master_accept_reads", BOOLEAN, false, true, "Let the master serve reads too."),
          withDefault(
              "strict_multi_stmt",
              BOOLEAN,
              false,
              true,
              "After a multi-statement query, route everything to the master."),
          withDefault(
              "strict_sp_calls",
              BOOLEAN,
              false,
              true,
              "After a stored procedure call, route everything to the master."),
          withDefault(
              "master_failure_mode",
              EnumType.of("fail_instantly", "fail_on_write", "error_on_write"),
              "fail_instantly",
              true,
              "What a session does when the master is lost."),
          withDefault(
              "retry_failed_reads",
              BOOLEAN,
              true,
              true,
              "Retry an autocommit read on another server when its server fails."),
          withDefault(
              "delayed_retry",
              BOOLEAN,
              false,
              true,
              "Hold a query that cannot be routed until a server is available or the timeout."),
          withDefault(
              "delayed_retry_timeout",
              SECONDS,
              Duration.ofSeconds(10),
              true,
              "How long delayed_retry waits before returning an error."),
          withDefault(
              "transaction_replay",
              BOOLEAN,
              false,
              true,
              "Replay an interrupted transaction on a replacement server."),
          withDefault(
              "transaction_replay_max_size",
              new SizeType(),
              1024L * 1024,
              true,
              "Transactions larger than this are not replayed."),
          withDefault(
              "optimistic_trx",
              BOOLEAN,
              false,
              true,
              "Start transactions on a replica and move them to the master on the first write."),
          withDefault(
              "causal_reads",
              BOOLEAN,
              false,
              true,
              "Make a session's reads on replicas wait until they have its own writes."),
          withDefault(
              "causal_reads_timeout",
              SECONDS,
              Duration.ofSeconds(10),
              true,
              "How long a causal read waits on a replica before going to the master."));

  /** The {@code mirror} router: every statement to all targets, results of {@code main} back. */
  public static final ModuleSchema MIRROR =
      new ModuleSchema(
          "mirror",
          List.of(
              required(
                  "main",
                  new TargetType(),
                  true,
                  "The target whose results go back to the client; one of the service's"
                      + " targets."),
              required(
                  "exporter",
                  EnumType.of("log", "file", "kafka"),
                  true,
                  "Where the per-statement comparison records go."),
              optional("file", STRING, true, "File the records are appended to (exporter=file)."),
              optional(
                  "kafka_broker",
                  STRING,
                  true,
                  "Kafka bootstrap servers as host:port, comma-separated (exporter=kafka)."),
              optional(
                  "kafka_topic", STRING, true, "Kafka topic of the records (exporter=kafka).")),
          List.of(
              new RequiredWhen("exporter", "file", List.of("file")),
              new RequiredWhen("exporter", "kafka", List.of("kafka_broker", "kafka_topic"))));

  /**
   * The {@code kafkacdc} router: streams the primary's binlog as JSON to a Kafka topic. Run by
   * cdc-service, never by a listener; names, defaults and dynamics are MaxScale's, plus Weir's
   * {@code exactly_once}.
   */
  public static final ModuleSchema KAFKACDC =
      ModuleSchema.of(
          "kafkacdc",
          required(
              "bootstrap_servers", STRING, false, "Kafka brokers as host:port, comma-separated."),
          required("topic", STRING, false, "Kafka topic the row and schema documents go to."),
          withDefault(
              "enable_idempotence",
              BOOLEAN,
              false,
              false,
              "Use Kafka's idempotent producer, so broker failures cause no duplicates."),
          withDefault(
              "timeout",
              SECONDS,
              Duration.ofSeconds(10),
              true,
              "Connection and read timeout of the replication stream; a bare number is in"
                  + " seconds."),
          optional(
              "gtid",
              STRING,
              false,
              "Where replication starts when neither Kafka nor the local state has a position: a"
                  + " GTID list, newest (@@gtid_binlog_pos) or oldest (the oldest binlog); unset"
                  + " means the start of the binlogs."),
          withDefault(
              "server_id",
              new IntegerType(1, 4294967295L),
              1234L,
              false,
              "The server_id this service replicates with; must differ from every server's."),
          optional(
              "match",
              STRING,
              true,
              "Only tables whose database.table this regex finds (unanchored) are sent."),
          optional(
              "exclude",
              STRING,
              true,
              "Tables whose database.table this regex finds (unanchored) are not sent."),
          withDefault(
              "cooperative_replication",
              BOOLEAN,
              false,
              false,
              "Let several instances replicate the same cluster, only the owner of its monitor"
                  + " active."),
          withDefault(
              "send_schema",
              BOOLEAN,
              true,
              true,
              "Send a schema document before the first row of each table version."),
          withDefault(
              "read_gtid_from_kafka",
              BOOLEAN,
              true,
              false,
              "At start, resume from the newest position found in the topic before the local"
                  + " state."),
          withDefault("kafka_ssl", BOOLEAN, false, false, "Use TLS towards Kafka."),
          optional(
              "kafka_ssl_ca",
              STRING,
              false,
              "PEM CA file that verifies the brokers; unset means the system's CAs."),
          optional(
              "kafka_ssl_cert",
              STRING,
              false,
              "PEM client certificate for Kafka; needs kafka_ssl_key."),
          optional(
              "kafka_ssl_key",
              STRING,
              false,
              "PEM private key (PKCS#8) of kafka_ssl_cert; needs kafka_ssl_cert."),
          optional(
              "kafka_sasl_user", STRING, false, "SASL user for Kafka; needs kafka_sasl_password."),
          optional(
              "kafka_sasl_password",
              PASSWORD,
              false,
              "SASL password for Kafka; needs kafka_sasl_user."),
          withDefault(
              "kafka_sasl_mechanism",
              EnumType.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
              "PLAIN",
              false,
              "SASL mechanism towards Kafka."),
          withDefault(
              "exactly_once",
              BOOLEAN,
              false,
              false,
              "Write each MariaDB transaction as one Kafka transaction with its position, so"
                  + " read_committed consumers see every event exactly once."));

  // --- monitors ---

  /** Parameters every monitor has. */
  public static final ModuleSchema MONITOR =
      ModuleSchema.of(
          "monitor",
          required("user", STRING, true, "User the monitor logs in with."),
          required("password", PASSWORD, true, "Password of user."),
          withDefault(
              "monitor_interval",
              MILLISECONDS,
              Duration.ofMillis(2000),
              true,
              "Time between two checks of the servers; a bare number is in milliseconds."),
          withDefault(
              "backend_connect_timeout",
              SECONDS,
              Duration.ofSeconds(3),
              true,
              "Timeout of the monitor's connection attempts."),
          withDefault(
              "backend_read_timeout",
              SECONDS,
              Duration.ofSeconds(3),
              true,
              "Timeout of the monitor's reads."),
          withDefault(
              "backend_write_timeout",
              SECONDS,
              Duration.ofSeconds(3),
              true,
              "Timeout of the monitor's writes."),
          withDefault(
              "backend_connect_attempts",
              POSITIVE,
              1L,
              true,
              "Connection attempts per check before a server counts as down."),
          withDefault(
              "journal_max_age",
              SECONDS,
              Duration.ofSeconds(28800),
              true,
              "A saved server state older than this is ignored at start."),
          optional("script", STRING, true, "Command run when a server changes state."),
          withDefault(
              "script_timeout",
              SECONDS,
              Duration.ofSeconds(90),
              true,
              "How long script may run before it is killed."));

  /** The {@code mariadbmon} monitor: primary/replica clusters, failover and rejoin. */
  public static final ModuleSchema MARIADBMON =
      ModuleSchema.of(
          "mariadbmon",
          withDefault(
              "failcount",
              POSITIVE,
              5L,
              true,
              "Checks the master must fail in a row before failover starts."),
          withDefault(
              "auto_failover", BOOLEAN, false, true, "Promote a replica when the master fails."),
          withDefault(
              "auto_rejoin",
              BOOLEAN,
              false,
              true,
              "Make a server that comes back, or replicates elsewhere, replicate from the master."),
          optional(
              "replication_user",
              STRING,
              true,
              "User replicas replicate with after failover, switchover or rejoin; unset means"
                  + " the monitor's user."),
          optional("replication_password", PASSWORD, true, "Password of replication_user."),
          withDefault(
              "failover_timeout",
              SECONDS,
              Duration.ofSeconds(90),
              true,
              "Time limit of a failover."),
          withDefault(
              "switchover_timeout",
              SECONDS,
              Duration.ofSeconds(90),
              true,
              "Time limit of a switchover."),
          withDefault(
              "verify_master_failure",
              BOOLEAN,
              true,
              true,
              "Before failover, check that the replicas also lost the master."),
          withDefault(
              "master_failure_timeout",
              SECONDS,
              Duration.ofSeconds(10),
              true,
              "How long the replicas must have lost the master for verify_master_failure."),
          withDefault(
              "enforce_read_only_slaves",
              BOOLEAN,
              false,
              true,
              "Set read_only on replicas that do not have it."),
          withDefault(
              "enforce_simple_topology",
              BOOLEAN,
              false,
              true,
              "Keep the cluster to one master with all others replicating from it."),
          withDefault(
              "assume_unique_hostnames",
              BOOLEAN,
              true,
              true,
              "Identify servers by host name and port as configured."));

  // --- filters ---

  /** The {@code hintfilter}: reads routing hints in comments; no parameters. */
  public static final ModuleSchema HINTFILTER = ModuleSchema.of("hintfilter");

  /**
   * The {@code topfilter}: logs a session's slowest statements when it ends. A filter's parameters
   * are read when its sessions start, so none changes at runtime.
   */
  public static final ModuleSchema TOPFILTER =
      ModuleSchema.of(
          "topfilter",
          withDefault("count", POSITIVE, 10L, false, "How many statements are kept per session."),
          required("filebase", STRING, false, "Prefix of the per-session report files."),
          optional("match", STRING, false, "Only statements matching this regex are measured."),
          optional("exclude", STRING, false, "Statements matching this regex are not measured."),
          optional("source", STRING, false, "Only sessions from this client address."),
          optional("user", STRING, false, "Only sessions of this user."));

  private static final Map<String, ModuleSchema> ROUTERS =
      byName(READCONNROUTE, READWRITESPLIT, MIRROR, KAFKACDC);
  private static final Map<String, ModuleSchema> MONITORS = byName(MARIADBMON);
  private static final Map<String, ModuleSchema> FILTERS = byName(HINTFILTER, TOPFILTER);

  private ModuleSchemas() {}

  /** The schema of a router module, if Weir has it. */
  public static Optional<ModuleSchema> router(String name) {
    return Optional.ofNullable(ROUTERS.get(name));
  }

  /** The schema of a monitor module, if Weir has it. */
  public static Optional<ModuleSchema> monitor(String name) {
    return Optional.ofNullable(MONITORS.get(name));
  }

  /** The schema of a filter module, if Weir has it. */
  public static Optional<ModuleSchema> filter(String name) {
    return Optional.ofNullable(FILTERS.get(name));
  }

  /** Router module names, sorted. */
  public static List<String> routerNames() {
    return ROUTERS.keySet().stream().sorted().toList();
  }

  /** Monitor module names, sorted. */
  public static List<String> monitorNames() {
    return MONITORS.keySet().stream().sorted().toList();
  }

  /** Filter module names, sorted. */
  public static List<String> filterNames() {
    return FILTERS.keySet().stream().sorted().toList();
  }

  /** Every schema: common parts first, then modules. */
  public static List<ModuleSchema> all() {
    return Stream.of(
            List.of(SERVER, LISTENER, SERVICE, MONITOR),
            ROUTERS.values(),
            MONITORS.values(),
            FILTERS.values())
        .flatMap(Collection::stream)
        .toList();
  }

  /** Keeps declaration order, so {@link #all()} lists schemas in a stable order. */
  private static Map<String, ModuleSchema> byName(ModuleSchema... schemas) {
    var byName = new LinkedHashMap<String, ModuleSchema>();
    for (ModuleSchema schema : schemas) {
      byName.put(schema.name(), schema);
    }
    return Collections.unmodifiableSequencedMap(byName);
  }
}
