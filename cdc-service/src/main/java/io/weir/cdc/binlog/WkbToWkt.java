package io.weir.cdc.binlog;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns OGC well-known binary into well-known text, as MariaDB's {@code ST_AsText} spells it:
 * upper-case type names, coordinates separated by a space and points by a comma without spaces,
 * numbers with at most 15 significant digits and no exponent. A GEOMETRY cell in the binlog is a
 * 4-byte SRID followed by the WKB; the caller drops the SRID.
 */
final class WkbToWkt {

  private static final MathContext FIFTEEN_DIGITS = new MathContext(15);

  private WkbToWkt() {}

  static String convert(byte[] wkb) {
    StringBuilder text = new StringBuilder();
    geometry(ByteBuffer.wrap(wkb), text);
    return text.toString();
  }

  private static void geometry(ByteBuffer in, StringBuilder out) {
    in.order(in.get() == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int type = in.getInt();
    switch (type) {
      case 1 -> {
        out.append("POINT(");
        point(in, out);
        out.append(')');
      }
      case 2 -> {
        out.append("LINESTRING");
        points(in, out);
      }
      case 3 -> {
        out.append("POLYGON");
        rings(in, out);
      }
      case 4 -> collection(in, out, "MULTIPOINT", Part.POINT);
      case 5 -> collection(in, out, "MULTILINESTRING", Part.LINESTRING);
      case 6 -> collection(in, out, "MULTIPOLYGON", Part.POLYGON);
      case 7 -> collection(in, out, "GEOMETRYCOLLECTION", Part.GEOMETRY);
      default -> throw new IllegalArgumentException("WKB geometry type " + type + " is unknown");
    }
  }

  private enum Part {
    POINT,
    LINESTRING,
    POLYGON,
    GEOMETRY
  }

  private static void collection(ByteBuffer in, StringBuilder out, String name, Part part) {
    int count = in.getInt();
    out.append(name);
    if (count == 0) {
      out.append(" EMPTY");
      return;
    }
    out.append('(');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      if (part == Part.GEOMETRY) {
        geometry(in, out);
        continue;
      }
      // each member is a whole WKB geometry; MultiPoint members are written without parentheses
      in.order(in.get() == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      in.getInt();
      switch (part) {
        case POINT -> point(in, out);
        case LINESTRING -> points(in, out);
        case POLYGON -> rings(in, out);
        case GEOMETRY -> throw new IllegalStateException("handled above");
      }
    }
    out.append(')');
  }

  private static void rings(ByteBuffer in, StringBuilder out) {
    int rings = in.getInt();
    out.append('(');
    for (int i = 0; i < rings; i++) {
      if (i > 0) {
        out.append(',');
      }
      points(in, out);
    }
    out.append(')');
  }

  private static void points(ByteBuffer in, StringBuilder out) {
    int points = in.getInt();
    out.append('(');
    for (int i = 0; i < points; i++) {
      if (i > 0) {
        out.append(',');
      }
      point(in, out);
    }
    out.append(')');
  }

  private static void point(ByteBuffer in, StringBuilder out) {
    out.append(number(in.getDouble())).append(' ').append(number(in.getDouble()));
  }

  static String number(double value) {
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(value).round(FIFTEEN_DIGITS).stripTrailingZeros().toPlainString();
  }
}
