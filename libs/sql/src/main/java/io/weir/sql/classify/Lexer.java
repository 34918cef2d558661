package io.weir.sql.classify;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A single-pass lexer over MariaDB statement bytes. It keeps one current token in its fields, so
 * lexing allocates nothing; only {@code maxscale} hint comments and names asked for are decoded.
 *
 * <p>Comments are skipped as whitespace, except executable comments ({@code /*! ... *}{@code /},
 * {@code /*!50100 ...}, {@code /*M! ...}, {@code /*M!100100 ...}), whose content is lexed as SQL
 * whatever the version, since every MariaDB server Weir fronts is newer than the versions clients
 * gate on; only a version beyond any release (see {@link #NEVER_EXECUTED_VERSION}) makes one a
 * comment. Keywords are ASCII, and in utf8mb4 and latin1 no byte of a non-ASCII character is an
 * ASCII byte, so lexing bytes is exact for both.
 */
final class Lexer {

  static final int EOF = 0;

  /**
   * An unquoted word: keyword, identifier or function name. {@link #word} holds its table entry.
   */
  static final int WORD = 1;

  /** A word starting with a digit: a number (or an identifier such as {@code 1abc}). */
  static final int NUMBER = 2;

  /** A string literal in single or double quotes. */
  static final int STRING = 3;

  /** A backtick-quoted identifier. */
  static final int QUOTED_IDENT = 4;

  /** {@code @name} or {@code @'name'}. */
  static final int USER_VAR = 5;

  /** {@code @@name}, {@code @@session.name}, {@code @@local.name}: see {@link #globalScope}. */
  static final int SYS_VAR = 6;

  /** {@code :=}. */
  static final int ASSIGN = 7;

  /** {@code ;}. */
  static final int SEMICOLON = 8;

  /** Any other single byte; {@link #punct} holds it. */
  static final int PUNCT = 9;

  /**
   * Executable comments gated on this version (20.0.0) or a later one are comments: no MariaDB
   * server runs them. Earlier versions are taken as run, whatever the server's version.
   */
  static final int NEVER_EXECUTED_VERSION = 200000;

  private final byte[] buf;
  private final int end;
  private int pos;
  private boolean inExecutableComment;

  /** The furthest position whose hint comments were recorded, so re-lexing never repeats one. */
  private int hintsRecordedTo;

  private @Nullable List<String> hints;

  int kind;
  int start;
  int stop;

  /** For {@link #WORD}: the entry of {@link Words}, 0 when the word is not in the table. */
  int word;

  /** For {@link #PUNCT}: the byte. */
  int punct;

  /** For {@link #SYS_VAR} and {@link #USER_VAR}: where the bare name lies (no scope, no quotes). */
  int nameStart;

  int nameStop;

  /** For {@link #SYS_VAR}: {@code @@global.name}. */
  boolean globalScope;

  /**
   * For {@link #SYS_VAR}: whether an explicit {@code session.} or {@code local.} scope was given.
   */
  boolean sessionScope;

  Lexer(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
    this.hintsRecordedTo = offset;
  }

  byte[] buffer() {
    return buf;
  }

  List<String> hints() {
    List<String> h = hints;
    return h == null ? List.of() : h;
  }

  private int savedStart;
  private boolean savedInExecutableComment;

  /** Remembers the current token (one level) so that {@link #restore} can return to it. */
  void save() {
    savedStart = start;
    // an executable comment opens or closes only between tokens, so this held at the token's start
    savedInExecutableComment = inExecutableComment;
  }

  /** Goes back to the token of the last {@link #save} by lexing it again. */
  void restore() {
    pos = savedStart;
    inExecutableComment = savedInExecutableComment;
    next();
  }

  boolean isWord(int wordId) {
    return kind == WORD && Words.id(word) == wordId;
  }

  boolean isPunct(char c) {
    return kind == PUNCT && punct == c;
  }

  /** Whether the current token ends a statement. */
  boolean atEnd() {
    return kind == EOF || kind == SEMICOLON;
  }

  /** Advances to the next token. */
  int next() {
    skipSpaceAndComments();
    int p = pos;
    if (p >= end) {
      kind = EOF;
      start = stop = p;
      return kind;
    }
    start = p;
    int b = buf[p] & 0xFF;
    if (isWordStart(b)) {
      int hash = 0;
      int high = 0;
      while (p < end) {
        int c = buf[p] & 0xFF;
        if ((CLASSES[c] & WORD_PART) == 0) {
          break;
        }
        high |= c;
        hash = hash * 31 + LOWER[c];
        p++;
      }
      pos = stop = p;
      kind = WORD;
      word = high < 0x80 ? Words.lookup(buf, start, p, hash) : 0;
      return kind;
    }
    if (b >= '0' && b <= '9') {
      while (p < end && (isWordPart(buf[p] & 0xFF) || buf[p] == '.')) {
        p++;
      }
      pos = stop = p;
      kind = NUMBER;
      return kind;
    }
    switch (b) {
      case '\'', '"' -> {
        pos = stop = skipQuoted(p, b);
        kind = STRING;
      }
      case '`' -> {
        pos = stop = skipQuoted(p, b);
        kind = QUOTED_IDENT;
      }
      case '@' -> lexVariable(p);
      case ':' -> {
        if (p + 1 < end && buf[p + 1] == '=') {
          pos = stop = p + 2;
          kind = ASSIGN;
        } else {
          punct(p, b);
        }
      }
      case ';' -> {
        pos = stop = p + 1;
        kind = SEMICOLON;
      }
      default -> punct(p, b);
    }
    return kind;
  }

  private void punct(int p, int b) {
    pos = stop = p + 1;
    kind = PUNCT;
    punct = b;
  }

  private void lexVariable(int p) {
    int q = p + 1;
    if (q < end && buf[q] == '@') {
      q++;
      globalScope = false;
      sessionScope = false;
      int nameEnd = wordEnd(q);
      if (nameEnd < end && buf[nameEnd] == '.' && nameEnd > q) {
        if (equalsIgnoreCase(q, nameEnd, "global")) {
          globalScope = true;
          q = nameEnd + 1;
        } else if (equalsIgnoreCase(q, nameEnd, "session")
            || equalsIgnoreCase(q, nameEnd, "local")) {
          sessionScope = true;
          q = nameEnd + 1;
        }
      }
      lexName(q);
      kind = SYS_VAR;
      return;
    }
    if (q < end && (isWordPart(buf[q] & 0xFF) || buf[q] == '.' || isQuote(buf[q]))) {
      lexName(q);
      kind = USER_VAR;
      return;
    }
    punct(p, '@');
  }

  /** Lexes a variable name from {@code q}, quoted or bare, setting nameStart/nameStop and pos. */
  private void lexName(int q) {
    if (q < end && isQuote(buf[q])) {
      int after = skipQuoted(q, buf[q] & 0xFF);
      nameStart = q + 1;
      nameStop = Math.max(nameStart, after - 1);
      pos = stop = after;
      return;
    }
    int p = q;
    while (p < end && (isWordPart(buf[p] & 0xFF) || buf[p] == '.')) {
      p++;
    }
    nameStart = q;
    nameStop = p;
    pos = stop = p;
  }

  private int wordEnd(int q) {
    while (q < end && isWordPart(buf[q] & 0xFF)) {
      q++;
    }
    return q;
  }

  /** Returns the position after the closing quote (or the end of input if there is none). */
  private int skipQuoted(int p, int quote) {
    int q = p + 1;
    while (q < end) {
      int c = buf[q] & 0xFF;
      if (c == '\\' && quote != '`') {
        q += 2;
        continue;
      }
      if (c == quote) {
        if (q + 1 < end && (buf[q + 1] & 0xFF) == quote) {
          q += 2;
          continue;
        }
        return q + 1;
      }
      q++;
    }
    return end;
  }

  private void skipSpaceAndComments() {
    int p = pos;
    while (p < end) {
      int b = buf[p] & 0xFF;
      if (b <= ' ') {
        p++;
      } else if (b == '#') {
        p = lineComment(p + 1);
      } else if (b == '-'
          && p + 1 < end
          && buf[p + 1] == '-'
          && (p + 2 >= end || (buf[p + 2] & 0xFF) <= ' ')) {
        p = lineComment(p + 2);
      } else if (b == '/' && p + 1 < end && buf[p + 1] == '*') {
        p = blockComment(p + 2);
      } else if (b == '*' && inExecutableComment && p + 1 < end && buf[p + 1] == '/') {
        inExecutableComment = false;
        p += 2;
      } else {
        break;
      }
    }
    pos = p;
  }

  private int lineComment(int p) {
    int q = p;
    while (q < end && buf[q] != '\n') {
      q++;
    }
    maybeHint(p, q);
    return q;
  }

  private int blockComment(int p) {
    if (p < end && !inExecutableComment) {
      int q = p;
      if (buf[q] == 'M' && q + 1 < end && buf[q + 1] == '!') {
        q++;
      }
      if (buf[q] == '!') {
        q++;
        int version = 0;
        while (q < end && buf[q] >= '0' && buf[q] <= '9') {
          version = Math.min(version * 10 + (buf[q] - '0'), NEVER_EXECUTED_VERSION);
          q++;
        }
        if (version < NEVER_EXECUTED_VERSION) {
          inExecutableComment = true;
          return q;
        }
        // a version no server has, as in mariadb-dump's "/*M!999999\- enable the sandbox mode */"
      }
    }
    int q = p;
    while (q + 1 < end && !(buf[q] == '*' && buf[q + 1] == '/')) {
      q++;
    }
    if (q + 1 >= end) {
      maybeHint(p, end);
      return end;
    }
    maybeHint(p, q);
    return q + 2;
  }

  /** Records the body of a comment {@code [from, to)} that starts with {@code maxscale}. */
  private void maybeHint(int from, int to) {
    if (from < hintsRecordedTo) {
      return;
    }
    hintsRecordedTo = to;
    int p = from;
    while (p < to && (buf[p] & 0xFF) <= ' ') {
      p++;
    }
    int afterWord = p + 8;
    if (afterWord > to
        || !equalsIgnoreCase(p, afterWord, "maxscale")
        || afterWord >= to
        || (buf[afterWord] & 0xFF) > ' ') {
      return;
    }
    int s = afterWord;
    int e = to;
    while (s < e && (buf[s] & 0xFF) <= ' ') {
      s++;
    }
    while (e > s && (buf[e - 1] & 0xFF) <= ' ') {
      e--;
    }
    List<String> h = hints;
    if (h == null) {
      h = hints = new ArrayList<>(2);
    }
    h.add(Text.decode(buf, s, e));
  }

  boolean equalsIgnoreCase(int from, int to, String lowerAscii) {
    if (to - from != lowerAscii.length()) {
      return false;
    }
    for (int i = 0; i < lowerAscii.length(); i++) {
      if (lower(buf[from + i] & 0xFF) != lowerAscii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the current token's bare variable name is {@code lowerAscii}. */
  boolean nameIs(String lowerAscii) {
    return equalsIgnoreCase(nameStart, nameStop, lowerAscii);
  }

  /** Whether the current token's text is {@code lowerAscii}, ignoring case. */
  boolean textIs(String lowerAscii) {
    return equalsIgnoreCase(start, stop, lowerAscii);
  }

  static int lower(int c) {
    return LOWER[c & 0xFF];
  }

  private static final byte WORD_START = 1;
  private static final byte WORD_PART = 2;

  /** Character classes of every byte value, so the hot loops test one array element. */
  private static final byte[] CLASSES = new byte[256];

  /** ASCII lowercase of every byte value; other bytes map to themselves. */
  static final byte[] LOWER = new byte[256];

  static {
    for (int b = 0; b < 256; b++) {
      LOWER[b] = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
      boolean start =
          (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == '$' || b >= 0x80;
      boolean part = start || (b >= '0' && b <= '9');
      CLASSES[b] = (byte) ((start ? WORD_START : 0) | (part ? WORD_PART : 0));
    }
  }

  private static boolean isWordStart(int b) {
    return (CLASSES[b] & WORD_START) != 0;
  }

  private static boolean isWordPart(int b) {
    return (CLASSES[b] & WORD_PART) != 0;
  }

  private static boolean isQuote(byte b) {
    return b == '\'' || b == '"' || b == '`';
  }
}
