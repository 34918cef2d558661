package io.weir.cdc.source;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which transactions a server's binlog has ever held, from its {@code @@gtid_binlog_state}: the
 * last GTID it logged per domain and {@code server_id}, purged binlogs included. A GTID {@code
 * d-s-n} is in that history when the state has {@code d-s-m} with {@code m >= n}: a server's
 * sequence numbers grow within a domain and replication applies them in order (the test kit's and
 * MaxScale's servers run with {@code gtid_strict_mode}).
 *
 * <p>Used on a failover to tell a lossless one from a lossy one: a transaction read from the old
 * primary that the new primary never received cannot be continued from.
 */
public final class BinlogHistory {

  private final String state;
  private final Map<Long, Map<Long, Long>> lastSequence;

  private BinlogHistory(String state, Map<Long, Map<Long, Long>> lastSequence) {
    this.state = state;
    this.lastSequence = lastSequence;
  }

  /** Reads the history of the server {@code connection} is connected to. */
  public static BinlogHistory read(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT @@gtid_binlog_state")) {
      row.next();
      String state = row.getString(1);
      return parse(state == null ? "" : state);
    }
  }

  /** The history {@code state} ({@code @@gtid_binlog_state}'s text) describes. */
  public static BinlogHistory parse(String state) {
    Map<Long, Map<Long, Long>> lastSequence = new HashMap<>();
    for (String part : state.split(",")) {
      if (!part.isBlank()) {
        Gtid gtid = Gtid.parse(part.strip());
        lastSequence
            .computeIfAbsent(gtid.domain(), domain -> new HashMap<>())
            .merge(gtid.serverId(), gtid.sequence(), Math::max);
      }
    }
    return new BinlogHistory(state, lastSequence);
  }

  /** The GTIDs of {@code position} this server's binlog never held; empty when it has them all. */
  public List<Gtid> missing(GtidPosition position) {
    List<Gtid> missing = new ArrayList<>();
    for (Gtid gtid : position.byDomain().values()) {
      if (gtid.sequence() == 0) {
        continue; // names no transaction: the start of the domain
      }
      Long last = lastSequence.getOrDefault(gtid.domain(), Map.of()).get(gtid.serverId());
      if (last == null || Long.compareUnsigned(last, gtid.sequence()) < 0) {
        missing.add(gtid);
      }
    }
    return missing;
  }

  /** The state as the server reported it. */
  @Override
  public String toString() {
    return state.isEmpty() ? "(empty)" : state;
  }
}
