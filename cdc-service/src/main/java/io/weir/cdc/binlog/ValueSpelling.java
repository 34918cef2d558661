package io.weir.cdc.binlog;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Spells a decoded cell as the JSON value of a row document (the table in the README's "Documents"
 * section): integers and decimals as JSON numbers with every digit, text in the column's character
 * set, binary as base64, ENUM as its member, SET as its members joined by commas in definition
 * order, UUID and INET6 as MariaDB prints them, GEOMETRY as WKT.
 */
final class ValueSpelling {

  private ValueSpelling() {}

  static String json(@Nullable Serializable cell, ColumnDefinition column) {
    if (cell == null) {
      return "null";
    }
    if (!(cell instanceof RawCell raw)) {
      throw new IllegalStateException("cell of " + column.name() + " was not read exactly");
    }
    return switch (raw) {
      case RawCell.Integer integer -> integer(integer, column.unsigned());
      case RawCell.Bits bits -> Long.toUnsignedString(bits.value());
      case RawCell.Year year -> Integer.toString(year.year());
      case RawCell.Number number -> number.json();
      case RawCell.Spelled spelled -> JsonObjectWriter.quoted(spelled.text());
      case RawCell.Enum member -> JsonObjectWriter.quoted(enumMember(member.index(), column));
      case RawCell.Set set -> JsonObjectWriter.quoted(setMembers(set.mask(), column));
      case RawCell.Bytes bytes ->
          isBase64(column)
              ? quotedBase64(bytes.value(), column)
              : JsonObjectWriter.quoted(bytes(bytes.value(), column));
    };
  }

  static String integer(RawCell.Integer integer, boolean unsigned) {
    if (unsigned) {
      return Long.toUnsignedString(integer.bits());
    }
    int shift = 64 - 8 * integer.bytes();
    return Long.toString((integer.bits() << shift) >> shift);
  }

  static String enumMember(int index, ColumnDefinition column) {
    if (index == 0) {
      return ""; // MariaDB's error value for an invalid ENUM member
    }
    return index <= column.values().size() ? column.values().get(index - 1) : "";
  }

  static String setMembers(long mask, ColumnDefinition column) {
    List<String> members = new ArrayList<>();
    for (int bit = 0; bit < column.values().size() && bit < 64; bit++) {
      if ((mask & (1L << bit)) != 0) {
        members.add(column.values().get(bit));
      }
    }
    return String.join(",", members);
  }

  static String bytes(byte[] value, ColumnDefinition column) {
    return switch (column.realType()) {
      // like BINARY(16), their trailing zero bytes are not logged
      case "uuid" -> uuid(Arrays.copyOf(value, 16));
      case "inet6" -> inet6(Arrays.copyOf(value, 16));
      case "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection" ->
          WkbToWkt.convert(Arrays.copyOfRange(value, 4, value.length)); // drop the SRID
      default -> {
        if (column.charset() == null) {
          byte[] padded = value;
          if (column.realType().equals("binary") && value.length < column.length()) {
            // BINARY(n) is padded with zero bytes, as SELECT returns it
            padded = Arrays.copyOf(value, column.length());
          }
          yield Base64.getEncoder().encodeToString(padded);
        }
        yield new String(value, column.charset());
      }
    };
  }

  private static boolean isBase64(ColumnDefinition column) {
    return switch (column.realType()) {
      case "uuid",
          "inet6",
          "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection" ->
          false;
      default -> column.charset() == null;
    };
  }

  /**
   * {@link #bytes}'s base64 as a JSON string, made with one array and one copy into the String:
   * base64 needs no escaping, and a LONGBLOB may be 100 MB.
   */
  static String quotedBase64(byte[] value, ColumnDefinition column) {
    byte[] padded = value;
    if (column.realType().equals("binary") && value.length < column.length()) {
      padded = Arrays.copyOf(value, column.length());
    }
    Base64.Encoder encoder = Base64.getEncoder();
    int length = 4 * ((padded.length + 2) / 3);
    byte[] quoted = new byte[length + 2];
    encoder.encode(padded, quoted);
    System.arraycopy(quoted, 0, quoted, 1, length);
    quoted[0] = '"';
    quoted[length + 1] = '"';
    return new String(quoted, StandardCharsets.ISO_8859_1);
  }

  /**
   * MariaDB stores RFC 4122 UUIDs of versions 1 to 5 with their segments swapped (so that time
   * based ones sort by time) and other UUIDs as they are: {@code plugin/type_uuid}.
   */
  static String uuid(byte[] record) {
    byte[] memory = record;
    boolean swapped =
        record.length == 16
            && (record[6] & 0x80) != 0
            && (record[8] & 0xFF) > 0
            && (record[8] & 0xFF) < 0x60;
    if (swapped) {
      memory = new byte[16];
      System.arraycopy(record, 12, memory, 0, 4); // time_low
      System.arraycopy(record, 10, memory, 4, 2); // time_mid
      System.arraycopy(record, 8, memory, 6, 2); // time_hi_and_version
      System.arraycopy(record, 6, memory, 8, 2); // clock_seq
      System.arraycopy(record, 0, memory, 10, 6); // node
    }
    StringBuilder text = new StringBuilder(36);
    for (int i = 0; i < memory.length; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        text.append('-');
      }
      text.append(String.format("%02x", memory[i] & 0xFF));
    }
    return text.toString();
  }

  /**
   * RFC 5952 text (longest run of two or more zero groups as {@code ::}, lower case), with IPv4
   * mapped and compatible addresses ending in dotted quads, as MariaDB's {@code Inet6::to_string}.
   */
  static String inet6(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (address[2 * i] & 0xFF) << 8 | (address[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    boolean ipv4Tail =
        bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xFFFF));
    if (bestLength < 2) {
      bestStart = -1;
    }
    StringBuilder text = new StringBuilder();
    int end = ipv4Tail ? 6 : 8;
    for (int i = 0; i < end; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    if (ipv4Tail) {
      if (text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(address[12] & 0xFF)
          .append('.')
          .append(address[13] & 0xFF)
          .append('.')
          .append(address[14] & 0xFF)
          .append('.')
          .append(address[15] & 0xFF);
    }
    return text.toString();
  }
}
