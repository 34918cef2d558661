package io.weir.cdc.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.nio.charset.Charset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One column as the row decoder needs it and as the schema record describes it.
 *
 * @param name the column's name
 * @param type its binlog type, with CHAR/ENUM/SET told apart (they share one binlog code)
 * @param meta the binlog metadata of the type (precision/scale, fractional digits, length bytes)
 * @param unsigned whether a numeric column is UNSIGNED
 * @param charset the character set of a text column; null for binary data (spelled in base64)
 * @param values the members of an ENUM or SET, in definition order; empty otherwise
 * @param realType the SQL type's name, lower case ({@code int}, {@code varchar}, {@code uuid})
 * @param length the declared length where there is one (characters, digits, bits), else -1
 */
record ColumnDefinition(
    String name,
    ColumnType type,
    int meta,
    boolean unsigned,
    @Nullable Charset charset,
    List<String> values,
    String realType,
    int length) {

  ColumnDefinition {
    values = List.copyOf(values);
  }

  /** The Avro type MaxScale names for the column, inside {@code ["null", type]}. */
  String avroType() {
    return switch (type) {
      case TINY, SHORT, INT24 -> "int";
      case LONG -> unsigned ? "long" : "int";
      case LONGLONG -> "long";
      case FLOAT -> "float";
      case DOUBLE, NEWDECIMAL -> "double";
      case YEAR -> "int";
      case BIT -> "long";
      case BLOB, STRING, VARCHAR, VAR_STRING ->
          charset == null && !realType.equals("uuid") && !realType.equals("inet6")
              ? "bytes"
              : "string";
      default -> "string"; // temporal types, ENUM, SET, GEOMETRY (as WKT)
    };
  }
}
