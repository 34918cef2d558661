package io.weir.cluster.monitor;

import java.time.Duration;

/**
 * How a replication monitor polls, named after {@code mariadbmon}'s parameters.
 *
 * @param user the account the monitor logs in with ({@code user})
 * @param password its password ({@code password})
 * @param monitorInterval time between the starts of two rounds ({@code monitor_interval})
 * @param connectTimeout how long a login may take ({@code backend_connect_timeout})
 * @param readTimeout how long a query may take before the server counts as down ({@code
 *     backend_read_timeout})
 */
public record MonitorSettings(
    String user,
    String password,
    Duration monitorInterval,
    Duration connectTimeout,
    Duration readTimeout) {

  public MonitorSettings {
    if (monitorInterval.isNegative() || monitorInterval.isZero()) {
      throw new IllegalArgumentException(
          "monitor_interval must be positive, not " + monitorInterval);
    }
  }

  /** mariadbmon's defaults: a round every 2 s, 3 s to log in, 3 s per query. */
  public static MonitorSettings defaults(String user, String password) {
    return new MonitorSettings(
        user, password, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  @Override
  public String toString() {
    return "MonitorSettings[user="
        + user
        + ", monitorInterval="
        + monitorInterval
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }
}
