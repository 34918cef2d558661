package io.weir.cdc.binlog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the binlog does not say, read from the primary over an ordinary connection: collation
 * numbers' character sets, and a table's columns when the TABLE_MAP event carries no names (the
 * server does not run with {@code binlog_row_metadata=FULL}) or when a {@code BINARY(16)} in the
 * binlog may be a {@code UUID} or {@code INET6}, which the binlog cannot tell apart. It describes
 * the table as it is now, not as it was when the row was written, so callers use it only where its
 * column names agree with the binlog's.
 */
final class InformationSchema implements AutoCloseable {

  /** One row of {@code information_schema.COLUMNS}. */
  record Column(String name, String dataType, String columnType, @Nullable String characterSet) {}

  private final BinlogSettings settings;
  private @Nullable Connection connection;

  InformationSchema(BinlogSettings settings) {
    this.settings = settings;
  }

  /** The character set of each collation number the server knows. */
  Map<Integer, String> charsetsByCollation() throws SQLException {
    Map<Integer, String> charsets = new HashMap<>();
    try (Statement statement = connection().createStatement()) {
      // MariaDB 10.10+ lists every full collation (utf8mb4_uca1400_ai_ci...) with its number here
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATIONS"
                  + " WHERE ID IS NOT NULL")) {
        while (rows.next()) {
          charsets.put(rows.getInt(1), rows.getString(2));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT ID, CHARACTER_SET_NAME FROM"
                  + " information_schema.COLLATION_CHARACTER_SET_APPLICABILITY"
                  + " WHERE ID IS NOT NULL")) {
        while (rows.next()) {
          charsets.putIfAbsent(rows.getInt(1), rows.getString(2));
        }
      } catch (SQLException olderServer) {
        // before 10.10 the view has no ID column; COLLATIONS above covers those servers
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    return charsets;
  }

  /**
   * What in the primary's binlog settings would make change data capture lose or misread data, one
   * sentence each: the binlog must be on, row-based with full row images, and not compressed
   * (compressed rows events are not decoded).
   */
  List<String> dataLosingSettings() throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement statement = connection().createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT @@global.log_bin, @@global.binlog_format, @@global.binlog_row_image,"
                    + " @@global.log_bin_compress")) {
      rows.next();
      if (!rows.getBoolean(1)) {
        problems.add("the binlog is off (log_bin)");
      }
      if (!"ROW".equalsIgnoreCase(rows.getString(2))) {
        problems.add("binlog_format is " + rows.getString(2) + ", not ROW");
      }
      if (!"FULL".equalsIgnoreCase(rows.getString(3))) {
        problems.add("binlog_row_image is " + rows.getString(3) + ", not FULL");
      }
      if (rows.getBoolean(4)) {
        problems.add("log_bin_compress is ON");
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    return problems;
  }

  /** The table's columns in order, empty if it does not exist (any more). */
  List<Column> columns(String database, String table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement statement =
        connection()
            .prepareStatement(
                "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                    + " ORDER BY ORDINAL_POSITION")) {
      statement.setString(1, database);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(
              new Column(
                  rows.getString(1),
                  rows.getString(2).toLowerCase(java.util.Locale.ROOT),
                  rows.getString(3),
                  rows.getString(4)));
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    return columns;
  }

  private Connection connection() throws SQLException {
    Connection current = connection;
    if (current == null || current.isClosed()) {
      long timeoutMillis = settings.timeout().toMillis();
      current =
          DriverManager.getConnection(
              "jdbc:mariadb://"
                  + settings.host()
                  + ":"
                  + settings.port()
                  + "/?connectTimeout="
                  + timeoutMillis
                  + "&socketTimeout="
                  + timeoutMillis,
              settings.user(),
              settings.password());
      connection = current;
    }
    return current;
  }

  @Override
  public void close() {
    Connection current = connection;
    connection = null;
    if (current != null) {
      try {
        current.close();
      } catch (SQLException ignored) {
        // the connection is being dropped anyway
      }
    }
  }
}
