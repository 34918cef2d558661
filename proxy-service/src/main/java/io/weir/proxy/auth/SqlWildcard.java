package io.weir.proxy.auth;

/**
 * The patterns of MariaDB's grant tables: {@code %} matches any run of characters, {@code _} any
 * one character, and {@code \} makes the next character literal (so {@code my\_db} names only
 * {@code my_db}), as the server's {@code wild_compare} does.
 */
final class SqlWildcard {

  private static final char ANY_RUN = '%';
  private static final char ANY_ONE = '_';
  private static final char ESCAPE = '\\';

  private SqlWildcard() {}

  static boolean matches(String pattern, String text, boolean ignoreCase) {
    return matches(pattern, 0, text, 0, ignoreCase);
  }

  /** Whether the pattern holds an unescaped wildcard. */
  static boolean hasWildcards(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == ESCAPE && i + 1 < pattern.length()) {
        i++;
      } else if (c == ANY_RUN || c == ANY_ONE) {
        return true;
      }
    }
    return false;
  }

  /**
   * The position of the first unescaped wildcard, or -1: MariaDB sorts host patterns by it, a
   * longer literal prefix being more specific.
   */
  static int firstWildcard(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == ESCAPE && i + 1 < pattern.length()) {
        i++;
      } else if (c == ANY_RUN || c == ANY_ONE) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matches(
      String pattern, int patternAt, String text, int textAt, boolean ignoreCase) {
    int p = patternAt;
    int t = textAt;
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == ANY_RUN) {
        // collapse runs of % and try every split; patterns are short host names and database names
        while (p < pattern.length() && pattern.charAt(p) == ANY_RUN) {
          p++;
        }
        if (p == pattern.length()) {
          return true;
        }
        for (int rest = t; rest <= text.length(); rest++) {
          if (matches(pattern, p, text, rest, ignoreCase)) {
            return true;
          }
        }
        return false;
      }
      if (t == text.length()) {
        return false;
      }
      if (c == ANY_ONE) {
        p++;
        t++;
        continue;
      }
      if (c == ESCAPE && p + 1 < pattern.length()) {
        p++;
        c = pattern.charAt(p);
      }
      if (!same(c, text.charAt(t), ignoreCase)) {
        return false;
      }
      p++;
      t++;
    }
    return t == text.length();
  }

  private static boolean same(char left, char right, boolean ignoreCase) {
    return left == right
        || (ignoreCase
            && (Character.toLowerCase(left) == Character.toLowerCase(right)
                || Character.toUpperCase(left) == Character.toUpperCase(right)));
  }
}
