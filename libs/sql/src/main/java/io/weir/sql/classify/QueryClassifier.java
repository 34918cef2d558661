package io.weir.sql.classify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Classifies MariaDB SQL for routing with a single-pass lexer, never a full parser: fast enough for
 * every statement on the proxy's hot path. What it cannot recognise is classified {@link
 * QueryType#WRITE}, so a router sends it to the primary rather than failing.
 */
public final class QueryClassifier {

  private QueryClassifier() {}

  /** Classifies statement text. */
  public static QueryClassification classify(String sql) {
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    return classify(bytes, 0, bytes.length);
  }

  /**
   * Classifies statement text given as bytes in the client's character set (any ASCII-compatible
   * one, such as utf8mb4 or latin1): keywords are ASCII, so the lexer works on bytes and decodes
   * only names it returns. Those are decoded as UTF-8, or as latin1 when they are not valid UTF-8.
   * Allocates only the result (and, when present, the hint bodies and names it returns); never
   * throws for any content of the range.
   */
  public static QueryClassification classify(byte[] sql, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, sql.length);
    return new StatementClassifier(sql, offset, length, 0).classify();
  }

  /**
   * The tables a statement names (after FROM, JOIN, UPDATE, INTO, TABLE, DROP TABLE, ...), as
   * written without quotes, {@code db.name} when qualified. Used only when a session has temporary
   * tables, so it may allocate. A heuristic over tokens: it may also return a name that is not a
   * table (a column in {@code EXTRACT(YEAR FROM col)}), which errs towards the primary.
   */
  public static List<String> tables(String sql) {
    return TableNames.of(sql);
  }
}
