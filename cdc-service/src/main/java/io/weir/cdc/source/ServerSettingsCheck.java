package io.weir.cdc.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks a primary's binlog settings and the account's grants before replication starts. What would
 * make a row-based reader silently miss or misread changes refuses the start; what only makes
 * documents poorer is a warning.
 *
 * <ul>
 *   <li>{@code log_bin} must be on, {@code binlog_format} ROW (STATEMENT and MIXED write SQL text,
 *       not rows) and {@code binlog_row_image} FULL (MINIMAL and NOBLOB leave columns out of
 *       updates and deletes);
 *   <li>{@code log_bin_compress} must be OFF: compressed row events are not decoded;
 *   <li>{@code binlog_row_metadata} other than FULL is a warning: column names then come from
 *       {@code information_schema}, which may already show a later definition;
 *   <li>the account needs {@code REPLICATION SLAVE} to request the binlog.
 * </ul>
 */
public final class ServerSettingsCheck {

  private static final String SETTINGS =
      "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@log_bin_compress,"
          + " @@binlog_row_metadata";

  private ServerSettingsCheck() {}

  /**
   * Checks the server {@code connection} is open to.
   *
   * @param source the server, for messages
   * @return warnings to log; empty when every setting is as it should be
   * @throws SourceRefusedException naming every setting that would lose data, or the missing grant
   */
  public static List<String> check(Connection connection, SourceEndpoint source)
      throws SQLException {
    List<String> refusals = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(SETTINGS)) {
      row.next();
      if (!row.getBoolean(1)) {
        refusals.add("log_bin is OFF: the server writes no binlog (start it with --log-bin)");
      }
      requireValue(
          refusals,
          "binlog_format",
          row.getString(2),
          "ROW",
          "statement and mixed binlogs hold SQL text, not the rows it changed");
      requireValue(
          refusals,
          "binlog_row_image",
          row.getString(3),
          "FULL",
          "other images leave columns out of updates and deletes");
      if (row.getBoolean(4)) {
        refusals.add(
            "log_bin_compress=ON: compressed binlog events cannot be decoded; set"
                + " log_bin_compress=OFF");
      }
      String metadata = upper(row.getString(5));
      if (!metadata.equals("FULL")) {
        warnings.add(
            "binlog_row_metadata="
                + metadata
                + " on "
                + source
                + ": column names are read from information_schema, which may already show a"
                + " later definition; set binlog_row_metadata=FULL");
      }
    }
    if (!canReplicate(connection)) {
      refusals.add(
          "user '"
              + source.user()
              + "' lacks the REPLICATION SLAVE grant needed to read the binlog (GRANT REPLICATION"
              + " SLAVE ON *.* TO ...)");
    }
    if (!refusals.isEmpty()) {
      throw new SourceRefusedException(
          source + " cannot be replicated without losing data: " + String.join("; ", refusals));
    }
    return warnings;
  }

  private static void requireValue(
      List<String> refusals, String name, @Nullable String actual, String wanted, String why) {
    if (!upper(actual).equals(wanted)) {
      refusals.add(name + "=" + upper(actual) + " (must be " + wanted + ": " + why + ")");
    }
  }

  /**
   * Whether the account's grants include REPLICATION SLAVE (MariaDB 10.5 also calls it REPLICATION
   * REPLICA) or ALL PRIVILEGES on {@code *.*}; grants of the current role count too, as SHOW GRANTS
   * lists them.
   */
  private static boolean canReplicate(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
      while (rows.next()) {
        String grant = upper(rows.getString(1));
        int on = grant.indexOf(" ON *.* ");
        if (!grant.startsWith("GRANT ") || on < 0) {
          continue;
        }
        // split the list: REPLICATION SLAVE ADMIN is another privilege
        for (String privilege : grant.substring("GRANT ".length(), on).split(",")) {
          String name = privilege.strip();
          if (name.equals("ALL PRIVILEGES")
              || name.equals("REPLICATION SLAVE")
              || name.equals("REPLICATION REPLICA")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String upper(@Nullable String value) {
    return value == null ? "" : value.toUpperCase(Locale.ROOT);
  }
}
