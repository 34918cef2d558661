package io.weir.cdc.source;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns {@code gtid=newest|oldest} into a position by asking the primary, as MaxScale does. */
public final class StartPositionResolver {

  /** {@code BEGIN GTID 0-1-5}, or {@code GTID 0-1-5} for DDL, in SHOW BINLOG EVENTS' Info. */
  private static final Pattern GTID_EVENT = Pattern.compile("GTID (\\d+-\\d+-\\d+)");

  private StartPositionResolver() {}

  /**
   * The position replication resumes after.
   *
   * @param connection open to the primary
   */
  public static GtidPosition resolve(StartGtid start, Connection connection) throws SQLException {
    return switch (start) {
      case StartGtid.Beginning() -> GtidPosition.empty();
      case StartGtid.Listed(GtidPosition position) -> position;
      case StartGtid.Newest() -> newest(connection);
      case StartGtid.Oldest() -> oldest(connection);
    };
  }

  /**
   * {@code @@gtid_binlog_pos}: what the server has written to its binlog so far (as a start,
   * everything before it is skipped; delivery also reads it for the lag in transactions).
   */
  public static GtidPosition newest(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT @@gtid_binlog_pos")) {
      row.next();
      String position = row.getString(1);
      return position == null ? GtidPosition.empty() : GtidPosition.parse(position);
    }
  }

  /**
   * The position just before the oldest binlog's first transaction. The binlog's {@code Gtid_list}
   * event holds exactly that (the GTIDs written before the file began); without one, the first
   * GTID's predecessor in its domain.
   */
  static GtidPosition oldest(Connection connection) throws SQLException {
    String first = firstBinlog(connection);
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SHOW BINLOG EVENTS IN '" + first.replace("'", "''") + "' LIMIT 100")) {
      while (rows.next()) {
        String type = rows.getString("Event_type");
        String info = rows.getString("Info");
        if (info == null) {
          continue;
        }
        if ("Gtid_list".equals(type)) {
          String list = info.strip();
          if (list.startsWith("[") && list.endsWith("]")) {
            return GtidPosition.parse(list.substring(1, list.length() - 1));
          }
        }
        if ("Gtid".equals(type)) {
          Matcher matcher = GTID_EVENT.matcher(info);
          if (matcher.find()) {
            Gtid gtid = Gtid.parse(matcher.group(1));
            return gtid.sequence() <= 1
                ? GtidPosition.empty()
                : GtidPosition.empty()
                    .with(new Gtid(gtid.domain(), gtid.serverId(), gtid.sequence() - 1));
          }
        }
      }
    }
    // a binlog without transactions yet: start at its beginning
    return GtidPosition.empty();
  }

  private static String firstBinlog(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
      return Optional.ofNullable(rows.next() ? rows.getString(1) : null)
          .orElseThrow(
              () ->
                  new SourceRefusedException(
                      "gtid=oldest: SHOW BINARY LOGS lists no binlog; is log_bin on?"));
    }
  }
}
