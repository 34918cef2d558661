package io.weir.sql.classify;

/**
 * One fact about a statement that a router routes on. A statement usually carries several; they are
 * kept as bits of a {@code long} in {@link QueryClassification#typeMask()} so that classifying
 * allocates nothing beyond the result. Named after the query types of MaxScale's query classifier,
 * whose readwritesplit semantics Weir follows.
 */
public enum QueryType {
  /**
   * Reads data and changes nothing: SELECT, SHOW, DESCRIBE, EXPLAIN, VALUES, TABLE, HELP, DO and
   * CHECKSUM TABLE. Never set together with {@link #WRITE} for one statement (a SELECT that locks
   * or calls a function not known to be read-only is WRITE only); the union of a multi-statement
   * query's types may hold both.
   */
  READ,
  /**
   * Changes data or schema, or cannot be shown not to: DML, DDL, CALL, calls to functions not known
   * to be read-only, locking reads, SELECT ... INTO OUTFILE, XA, anything unrecognised.
   */
  WRITE,
  /**
   * A read whose answer only the primary has for this session:
   * LAST_INSERT_ID(), @@identity, @@last_insert_id, LASTVAL(), PREVIOUS VALUE FOR.
   */
  MASTER_READ,
  /** Changes session state and must run on every backend: SET, USE, SET NAMES, SET ROLE, ... */
  SESSION_WRITE,
  /** Reads a user variable ({@code @name}). */
  USERVAR_READ,
  /** Assigns a user variable ({@code @a := ...}, {@code SET @a = ...}, {@code INTO @a}). */
  USERVAR_WRITE,
  /** Reads a session system variable ({@code @@name}, {@code @@session.name}). */
  SYSVAR_READ,
  /** Reads a global system variable ({@code @@global.name}). */
  GSYSVAR_READ,
  /** Changes a global system variable: {@code SET GLOBAL ...}, {@code SET @@global.x}. */
  GSYSVAR_WRITE,
  /** Starts a transaction: BEGIN, START TRANSACTION, XA START/BEGIN. */
  BEGIN_TRX,
  /** Set together with {@link #BEGIN_TRX} or {@link #NEXT_TRX} for READ ONLY. */
  READ_ONLY,
  /** Set together with {@link #BEGIN_TRX} or {@link #NEXT_TRX} for READ WRITE. */
  READ_WRITE,
  /** Ends a transaction by committing: COMMIT, XA COMMIT. */
  COMMIT,
  /** Ends a transaction by rolling back: ROLLBACK (not ROLLBACK TO SAVEPOINT), XA ROLLBACK. */
  ROLLBACK,
  /** {@code SET autocommit=1} (also true, ON). Also {@link #SESSION_WRITE}. */
  ENABLE_AUTOCOMMIT,
  /** {@code SET autocommit=0} (also false, OFF). Also {@link #SESSION_WRITE}. */
  DISABLE_AUTOCOMMIT,
  /**
   * {@code SET TRANSACTION ...} without SESSION or GLOBAL: applies to the next transaction only.
   * Combined with {@link #READ_ONLY} or {@link #READ_WRITE} when the access mode is given.
   */
  NEXT_TRX,
  /**
   * Commits any open transaction before it runs (DDL, LOCK TABLES, GRANT, ...), per MariaDB's list
   * of statements causing an implicit commit.
   */
  IMPLICIT_COMMIT,
  /** {@code CREATE TEMPORARY TABLE}; the name is in {@link QueryClassification#objectName()}. */
  CREATE_TMP_TABLE,
  /**
   * {@code DROP [TEMPORARY] TABLE}; the names are available from {@link QueryClassifier#tables}.
   */
  DROP_TABLE,
  /** Text-protocol {@code PREPARE name FROM ...}; the name is in {@code objectName()}. */
  PREPARE_NAMED_STMT,
  /** Text-protocol {@code EXECUTE name}; the name is in {@code objectName()}. */
  EXEC_STMT,
  /** {@code DEALLOCATE PREPARE name} / {@code DROP PREPARE name}. */
  DEALLOCATE_PREPARE,
  /** {@code CALL procedure(...)}. Also {@link #WRITE}. */
  CALL,
  /** {@code SHOW WARNINGS}, {@code SHOW ERRORS}, {@code SHOW COUNT(*) WARNINGS|ERRORS}. */
  SHOW_DIAGNOSTICS,
  /** {@code LOCK TABLES}. */
  LOCK_TABLES,
  /** {@code UNLOCK TABLES}. */
  UNLOCK_TABLES;

  /** This type's bit in a type mask. */
  public long bit() {
    return 1L << ordinal();
  }

  /** Whether {@code mask} has this type's bit. */
  public boolean in(long mask) {
    return (mask & bit()) != 0;
  }
}
