package io.weir.cdc.binlog;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes one compact JSON object with its members in the order they are added. Hand-written rather
 * than a JSON library so that numbers keep exactly the digits MariaDB stored (an unsigned BIGINT, a
 * DECIMAL's scale) and member order is fixed, which the golden files rely on.
 */
final class JsonObjectWriter {

  /** A value this long is kept as it is, not copied into the builder (a LONGBLOB of 100 MB). */
  private static final int LARGE_VALUE = 64 * 1024;

  // a row document of a few columns is a few hundred characters: start there rather than grow
  // from 16 through several copies (a twentieth of the binlog thread's time in the benchmark)
  private StringBuilder json = new StringBuilder(256).append('{');
  // the text so far when a large value was added: the builder's text, the value, the builder's...
  private @Nullable List<String> parts;
  private boolean first = true;

  /** Adds a member whose value is already JSON text (a number, {@code null}, an array...). */
  JsonObjectWriter raw(String name, String jsonValue) {
    name(name);
    if (jsonValue.length() < LARGE_VALUE) {
      json.append(jsonValue);
      return this;
    }
    // appending would copy it and make the builder double past it; String.join at the end
    // copies each part once into the one array of the result
    List<String> all = parts == null ? new ArrayList<>() : parts;
    all.add(json.toString());
    all.add(jsonValue);
    parts = all;
    json = new StringBuilder();
    return this;
  }

  JsonObjectWriter string(String name, String value) {
    name(name);
    quote(json, value);
    return this;
  }

  JsonObjectWriter number(String name, long value) {
    return raw(name, Long.toString(value));
  }

  JsonObjectWriter bool(String name, boolean value) {
    return raw(name, Boolean.toString(value));
  }

  String finish() {
    json.append('}');
    List<String> all = parts;
    if (all == null) {
      return json.toString();
    }
    all.add(json.toString());
    return String.join("", all);
  }

  private void name(String name) {
    if (!first) {
      json.append(',');
    }
    first = false;
    quote(json, name);
    json.append(':');
  }

  /** {@code value} as a JSON string literal. */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    quote(out, value);
    return out.toString();
  }

  private static void quote(StringBuilder out, String value) {
    out.append('"');
    int plain = 0; // value[plain, i) needs no escape and is appended as one run
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(value, plain, i);
      plain = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    out.append(value, plain, value.length());
    out.append('"');
  }
}
