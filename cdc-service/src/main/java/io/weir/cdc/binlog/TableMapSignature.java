package io.weir.cdc.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything a TABLE_MAP event says about a table's columns, as a comparable value: a table has a
 * new version exactly when this differs from the last one seen for its name (ADR 0012). With {@code
 * binlog_row_metadata=FULL} it holds names, types, lengths, signedness, character sets and ENUM/SET
 * members, so any ALTER that changes the row format or a column's meaning changes it.
 */
record TableMapSignature(
    String database,
    String table,
    List<Integer> types,
    List<Integer> metadata,
    List<String> names,
    String signedness, // one '1' (UNSIGNED) or '0' per column, empty when not logged
    List<Integer> columnCharsets,
    int defaultCharset,
    Map<Integer, Integer> charsetExceptions,
    List<List<String>> enumValues,
    List<List<String>> setValues,
    List<Integer> geometryTypes) {

  static TableMapSignature of(TableMapEventData map) {
    List<Integer> types = new ArrayList<>();
    for (byte type : map.getColumnTypes()) {
      types.add(type & 0xFF);
    }
    List<Integer> metadata = Arrays.stream(map.getColumnMetadata()).boxed().toList();
    TableMapEventMetadata optional = map.getEventMetadata();
    if (optional == null) {
      return new TableMapSignature(
          map.getDatabase(),
          map.getTable(),
          types,
          metadata,
          List.of(),
          "",
          List.of(),
          -1,
          Map.of(),
          List.of(),
          List.of(),
          List.of());
    }
    TableMapEventMetadata.DefaultCharset defaults = optional.getDefaultCharset();
    return new TableMapSignature(
        map.getDatabase(),
        map.getTable(),
        types,
        metadata,
        orEmpty(optional.getColumnNames()),
        unsignedFlags(optional.getSignedness(), types.size()),
        orEmpty(optional.getColumnCharsets()),
        defaults == null ? -1 : defaults.getDefaultCharsetCollation(),
        defaults == null || defaults.getCharsetCollations() == null
            ? Map.of()
            : Map.copyOf(defaults.getCharsetCollations()),
        members(optional.getEnumStrValues()),
        members(optional.getSetStrValues()),
        orEmpty(optional.getGeometryTypes()));
  }

  /**
   * A digest of everything above that is the same in every JVM (the character set exceptions in key
   * order), so a table's columns can be compared with what an earlier process saw.
   */
  String fingerprint() {
    TableMapSignature canonical =
        new TableMapSignature(
            database,
            table,
            types,
            metadata,
            names,
            signedness,
            columnCharsets,
            defaultCharset,
            new TreeMap<>(charsetExceptions),
            enumValues,
            setValues,
            geometryTypes);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether column {@code index} is an UNSIGNED number; false when the event does not say. */
  boolean unsigned(int index) {
    return index < signedness.length() && signedness.charAt(index) == '1';
  }

  boolean hasSignedness() {
    return signedness.length() == types.size();
  }

  boolean hasCharsets() {
    return defaultCharset >= 0 || !columnCharsets.isEmpty();
  }

  private static String unsignedFlags(java.util.@Nullable BitSet unsigned, int columns) {
    if (unsigned == null) {
      return "";
    }
    StringBuilder flags = new StringBuilder(columns);
    for (int i = 0; i < columns; i++) {
      flags.append(unsigned.get(i) ? '1' : '0');
    }
    return flags.toString();
  }

  boolean hasNames() {
    return names.size() == types.size();
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  private static List<List<String>> members(@Nullable List<String[]> values) {
    return values == null ? List.of() : values.stream().map(List::of).toList();
  }
}
