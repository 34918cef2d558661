package io.weir.sql.classify;

import java.util.List;

/**
 * Classifies MariaDB SQL for routing with a single-pass lexer, never a full parser: fast enough for
 * every statement on the proxy's hot path. What it cannot recognise is classified {@link
 * QueryType#WRITE}, so a router sends it to the primary rather than failing.
 */
public final class QueryClassifier {

  private QueryClassifier() {}

  /** Classifies statement text. */
  public static QueryClassification classify(String sql) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Classifies statement text given as bytes in the client's character set (any ASCII-compatible
   * one, such as utf8mb4 or latin1): keywords are ASCII, so the lexer works on bytes and decodes
   * only names it returns.
   */
  public static QueryClassification classify(byte[] sql, int offset, int length) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * The tables a statement names (after FROM, JOIN, UPDATE, INTO, TABLE, DROP TABLE, ...), as
   * written without quotes, {@code db.name} when qualified. Used only when a session has temporary
   * tables, so it may allocate.
   */
  public static List<String> tables(String sql) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
