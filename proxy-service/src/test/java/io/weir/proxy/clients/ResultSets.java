package io.weir.proxy.clients;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns JDBC results into plain values that compare with {@code equals}, so one scenario's results
 * directly and through the proxy can be asserted equal.
 */
final class ResultSets {

  private static final int INLINE_BYTES = 64;

  private ResultSets() {}

  /** What a client sees of one column: its label and the types the driver derived. */
  record Column(String label, String typeName, String className, int precision, int scale) {}

  /** A whole result: its columns and every row as the driver renders each value. */
  record Table(List<Column> columns, List<List<@Nullable String>> rows) {}

  /** Reads every remaining row of {@code rows}. */
  static Table toTable(ResultSet rows) throws SQLException {
    ResultSetMetaData metaData = rows.getMetaData();
    List<Column> columns = new ArrayList<>();
    for (int column = 1; column <= metaData.getColumnCount(); column++) {
      columns.add(
          new Column(
              metaData.getColumnLabel(column),
              metaData.getColumnTypeName(column),
              metaData.getColumnClassName(column),
              metaData.getPrecision(column),
              metaData.getScale(column)));
    }
    return new Table(columns, toRows(rows));
  }

  /**
   * Reads every remaining row; values are the driver's {@code getString}, binary values a short hex
   * form or, when long, their length and SHA-256.
   */
  static List<List<@Nullable String>> toRows(ResultSet rows) throws SQLException {
    int count = rows.getMetaData().getColumnCount();
    List<List<@Nullable String>> result = new ArrayList<>();
    while (rows.next()) {
      List<@Nullable String> row = new ArrayList<>(count);
      for (int column = 1; column <= count; column++) {
        row.add(
            rows.getObject(column) instanceof byte[] bytes
                ? describe(bytes)
                : rows.getString(column));
      }
      result.add(row);
    }
    return result;
  }

  /** A binary value as something short and comparable. */
  static String describe(byte[] bytes) {
    if (bytes.length <= INLINE_BYTES) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
