package io.weir.proxy.router.readwritesplit;

import io.weir.control.resource.ParameterValues;
import io.weir.proxy.router.UnsupportedParameterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A readwritesplit service's parameters, with MaxScale's names. A session takes the settings of the
 * moment it starts and keeps them.
 *
 * @param maxSlaveConnections {@code max_slave_connections}: a count, or a percentage of the
 *     replicas available when {@code maxSlaveConnectionsPercent}
 * @param maxSlaveConnectionsPercent whether the count is a percentage
 * @param maxSlaveReplicationLag {@code max_slave_replication_lag}; zero disables the check
 * @param variablesOnMaster {@code use_sql_variables_in=master}
 * @param connectionKeepalive {@code connection_keepalive}; zero disables it
 * @param slaveSelection {@code slave_selection_criteria}
 * @param maxSessionCommandHistory {@code max_sescmd_history}
 * @param disableSessionCommandHistory {@code disable_sescmd_history}
 * @param pruneSessionCommandHistory {@code prune_sescmd_history}
 * @param masterAcceptReads {@code master_accept_reads}
 * @param strictMultiStatement {@code strict_multi_stmt}
 * @param strictStoredProcedureCalls {@code strict_sp_calls}
 * @param masterFailureMode {@code master_failure_mode}
 * @param retryFailedReads {@code retry_failed_reads}
 */
public record ReadWriteSplitSettings(
    int maxSlaveConnections,
    boolean maxSlaveConnectionsPercent,
    Duration maxSlaveReplicationLag,
    boolean variablesOnMaster,
    Duration connectionKeepalive,
    SlaveSelectionCriteria slaveSelection,
    int maxSessionCommandHistory,
    boolean disableSessionCommandHistory,
    boolean pruneSessionCommandHistory,
    boolean masterAcceptReads,
    boolean strictMultiStatement,
    boolean strictStoredProcedureCalls,
    MasterFailureMode masterFailureMode,
    boolean retryFailedReads) {

  /**
   * Parameters of the schema that name features not built yet; a service that turns one on is
   * refused rather than silently running without it.
   */
  private static final List<String> NOT_IMPLEMENTED =
      List.of(
          "master_reconnection",
          "delayed_retry",
          "transaction_replay",
          "optimistic_trx",
          "causal_reads");

  /**
   * The settings in a service's validated parameters.
   *
   * @throws UnsupportedParameterException naming each parameter set to a feature Weir does not have
   *     yet
   */
  public static ReadWriteSplitSettings of(String service, ParameterValues parameters) {
    List<String> unsupported = new ArrayList<>();
    for (String name : NOT_IMPLEMENTED) {
      if (Boolean.TRUE.equals(parameters.find(name).orElse(false))) {
        unsupported.add(name);
      }
    }
    if (!unsupported.isEmpty()) {
      throw new UnsupportedParameterException(
          service, unsupported, "readwritesplit does not implement it yet; set it to false");
    }
    String slaves = (String) parameters.find("max_slave_connections").orElse("255");
    boolean percent = slaves.endsWith("%");
    return new ReadWriteSplitSettings(
        Integer.parseInt(percent ? slaves.substring(0, slaves.length() - 1) : slaves),
        percent,
        duration(parameters, "max_slave_replication_lag", Duration.ZERO),
        "master".equals(parameters.find("use_sql_variables_in").orElse("all")),
        duration(parameters, "connection_keepalive", Duration.ofSeconds(300)),
        SlaveSelectionCriteria.valueOf(
            ((String)
                    parameters.find("slave_selection_criteria").orElse("LEAST_CURRENT_OPERATIONS"))
                .toUpperCase(Locale.ROOT)),
        ((Long) parameters.find("max_sescmd_history").orElse(50L)).intValue(),
        flag(parameters, "disable_sescmd_history", false),
        flag(parameters, "prune_sescmd_history", false),
        flag(parameters, "master_accept_reads", false),
        flag(parameters, "strict_multi_stmt", false),
        flag(parameters, "strict_sp_calls", false),
        MasterFailureMode.valueOf(
            ((String) parameters.find("master_failure_mode").orElse("fail_instantly"))
                .toUpperCase(Locale.ROOT)),
        flag(parameters, "retry_failed_reads", true));
  }

  /** The replicas a session connects to when {@code available} could take it. */
  public int replicasFor(int available) {
    if (!maxSlaveConnectionsPercent) {
      return Math.min(maxSlaveConnections, available);
    }
    // MaxScale rounds a percentage down but keeps at least one replica when it is above zero
    int count = available * maxSlaveConnections / 100;
    return maxSlaveConnections > 0 && available > 0 ? Math.max(1, count) : count;
  }

  private static boolean flag(ParameterValues parameters, String name, boolean otherwise) {
    return (Boolean) parameters.find(name).orElse(otherwise);
  }

  private static Duration duration(ParameterValues parameters, String name, Duration otherwise) {
    return (Duration) parameters.find(name).orElse(otherwise);
  }
}
