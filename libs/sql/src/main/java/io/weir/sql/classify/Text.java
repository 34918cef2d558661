package io.weir.sql.classify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the few pieces of statement text the classifier returns: names, hint bodies and the text
 * of {@code PREPARE ... FROM 'literal'}. Off the hot path, so it may allocate.
 */
final class Text {

  private Text() {}

  /**
   * Decodes bytes as UTF-8 (utf8mb4 is the default client character set) and, when they are not
   * valid UTF-8, as latin1, the other character set the lexer supports.
   */
  static String decode(byte[] buf, int from, int to) {
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      if (buf[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(buf, from, to - from, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }

  /** The name a token spells: a bare word as is, a quoted one without quotes and doubled quotes. */
  static String name(byte[] buf, int from, int to) {
    if (to - from >= 1 && (buf[from] == '`' || buf[from] == '"')) {
      byte quote = buf[from];
      int last = to - 1;
      int contentEnd = (last > from && buf[last] == quote) ? last : to;
      ByteArrayOutputStream out = new ByteArrayOutputStream(contentEnd - from);
      for (int i = from + 1; i < contentEnd; i++) {
        out.write(buf[i]);
        if (buf[i] == quote && i + 1 < contentEnd && buf[i + 1] == quote) {
          i++;
        }
      }
      byte[] b = out.toByteArray();
      return decode(b, 0, b.length);
    }
    return decode(buf, from, to);
  }

  /**
   * The content of a string literal token {@code [from, to)} (quotes included) with backslash
   * escapes and doubled quotes resolved, as MariaDB reads it without NO_BACKSLASH_ESCAPES.
   */
  static byte[] unescape(byte[] buf, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, to - from));
    if (to <= from) {
      return out.toByteArray();
    }
    byte quote = buf[from];
    int last = to - 1;
    int contentEnd = (last > from && buf[last] == quote) ? last : to;
    for (int i = from + 1; i < contentEnd; i++) {
      byte b = buf[i];
      if (b == '\\' && i + 1 < contentEnd) {
        byte e = buf[++i];
        switch (e) {
          case 'n' -> out.write('\n');
          case 't' -> out.write('\t');
          case 'r' -> out.write('\r');
          case 'b' -> out.write('\b');
          case '0' -> out.write(0);
          case 'Z' -> out.write(26);
          // LIKE wildcards keep their backslash
          case '%', '_' -> {
            out.write('\\');
            out.write(e);
          }
          default -> out.write(e);
        }
      } else {
        out.write(b);
        if (b == quote && i + 1 < contentEnd && buf[i + 1] == quote) {
          i++;
        }
      }
    }
    return out.toByteArray();
  }
}
