package io.weir.proxy.metrics;

/**
 * The names of the proxy's meters, declared once. Prometheus shows dots as underscores and adds
 * unit suffixes ({@code weir_proxy_connections_total}, {@code weir_proxy_command_seconds_bucket}).
 */
public final class ProxyMetrics {
  /** Gauge: sessions open now, tagged {@code listener} and {@code service}. */
  public static final String CONNECTIONS_CURRENT = "weir.proxy.connections.current";

  /** Counter: sessions accepted since start, tagged {@code listener} and {@code service}. */
  public static final String CONNECTIONS = "weir.proxy.connections";

  /** Gauge: backend connections open now, tagged {@code service} and {@code server}. */
  public static final String SERVER_CONNECTIONS_CURRENT = "weir.proxy.server.connections.current";

  /** Counter: bytes received from clients, tagged {@code listener}. */
  public static final String BYTES_IN = "weir.proxy.bytes.in";

  /** Counter: bytes sent to clients, tagged {@code listener}. */
  public static final String BYTES_OUT = "weir.proxy.bytes.out";

  /**
   * Timer with histogram: commands from request to the end of the reply, tagged {@code service},
   * {@code server} and {@code command}; its count is the number of commands.
   */
  public static final String COMMANDS = "weir.proxy.command";

  /**
   * Counter: error packets clients received, from servers or from the proxy, tagged {@code
   * service}, {@code code} (the MariaDB errno) and {@code origin} ({@code server} or {@code
   * proxy}).
   */
  public static final String ERRORS = "weir.proxy.errors";

  /** Counter: logins refused by the proxy, tagged {@code service} and {@code code}. */
  public static final String AUTHENTICATION_FAILURES = "weir.proxy.authentication.failures";

  /**
   * Counter: statements a readwritesplit service routed, tagged {@code service} and {@code target}
   * ({@code master}, {@code slave} or {@code all} for session commands).
   */
  public static final String ROUTER_STATEMENTS = "weir.proxy.router.statements";

  /**
   * Counter: transactions a readwritesplit service saw start, tagged {@code service} and {@code
   * access} ({@code read_write} or {@code read_only}).
   */
  public static final String ROUTER_TRANSACTIONS = "weir.proxy.router.transactions";

  /**
   * Counter: statements a readwritesplit service sent to each server, tagged {@code service},
   * {@code server} and {@code kind} ({@code read} or {@code write}).
   */
  public static final String ROUTER_SERVER_STATEMENTS = "weir.proxy.router.server.statements";

  private ProxyMetrics() {}
}
