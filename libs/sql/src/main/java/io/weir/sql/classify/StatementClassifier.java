package io.weir.sql.classify;

import static io.weir.sql.classify.Lexer.ASSIGN;
import static io.weir.sql.classify.Lexer.EOF;
import static io.weir.sql.classify.Lexer.NUMBER;
import static io.weir.sql.classify.Lexer.PUNCT;
import static io.weir.sql.classify.Lexer.QUOTED_IDENT;
import static io.weir.sql.classify.Lexer.SEMICOLON;
import static io.weir.sql.classify.Lexer.STRING;
import static io.weir.sql.classify.Lexer.SYS_VAR;
import static io.weir.sql.classify.Lexer.USER_VAR;
import static io.weir.sql.classify.Lexer.WORD;

import org.jspecify.annotations.Nullable;

/**
 * One classification: reads the statements of a query from a {@link Lexer}, deciding each from its
 * leading keywords and a scan of the rest for the facts that can hide anywhere (function calls,
 * variables, locking clauses, {@code INTO}). One instance per query; not thread-safe.
 */
final class StatementClassifier {

  private static final long READ = QueryType.READ.bit();
  private static final long WRITE = QueryType.WRITE.bit();
  private static final long MASTER_READ = QueryType.MASTER_READ.bit();
  private static final long SESSION_WRITE = QueryType.SESSION_WRITE.bit();
  private static final long USERVAR_READ = QueryType.USERVAR_READ.bit();
  private static final long USERVAR_WRITE = QueryType.USERVAR_WRITE.bit();
  private static final long SYSVAR_READ = QueryType.SYSVAR_READ.bit();
  private static final long GSYSVAR_READ = QueryType.GSYSVAR_READ.bit();
  private static final long GSYSVAR_WRITE = QueryType.GSYSVAR_WRITE.bit();
  private static final long BEGIN_TRX = QueryType.BEGIN_TRX.bit();
  private static final long READ_ONLY = QueryType.READ_ONLY.bit();
  private static final long READ_WRITE = QueryType.READ_WRITE.bit();
  private static final long COMMIT = QueryType.COMMIT.bit();
  private static final long ROLLBACK = QueryType.ROLLBACK.bit();
  private static final long ENABLE_AUTOCOMMIT = QueryType.ENABLE_AUTOCOMMIT.bit();
  private static final long DISABLE_AUTOCOMMIT = QueryType.DISABLE_AUTOCOMMIT.bit();
  private static final long NEXT_TRX = QueryType.NEXT_TRX.bit();
  private static final long IMPLICIT_COMMIT = QueryType.IMPLICIT_COMMIT.bit();
  private static final long CREATE_TMP_TABLE = QueryType.CREATE_TMP_TABLE.bit();
  private static final long DROP_TABLE = QueryType.DROP_TABLE.bit();
  private static final long PREPARE_NAMED_STMT = QueryType.PREPARE_NAMED_STMT.bit();
  private static final long EXEC_STMT = QueryType.EXEC_STMT.bit();
  private static final long DEALLOCATE_PREPARE = QueryType.DEALLOCATE_PREPARE.bit();
  private static final long CALL = QueryType.CALL.bit();
  private static final long SHOW_DIAGNOSTICS = QueryType.SHOW_DIAGNOSTICS.bit();
  private static final long LOCK_TABLES = QueryType.LOCK_TABLES.bit();
  private static final long UNLOCK_TABLES = QueryType.UNLOCK_TABLES.bit();

  /** How deep EXECUTE IMMEDIATE 'EXECUTE IMMEDIATE ...' may nest before it is just a write. */
  private static final int MAX_NESTING = 4;

  private final Lexer lx;
  private final int nesting;
  private @Nullable String objectName;
  private @Nullable String preparedText;

  /** Tokens the last {@link #scan} call went over. */
  private int scanned;

  StatementClassifier(byte[] sql, int offset, int length, int nesting) {
    this.lx = new Lexer(sql, offset, length);
    this.nesting = nesting;
  }

  QueryClassification classify() {
    long mask = 0;
    int statements = 0;
    lx.next();
    while (true) {
      while (lx.kind == SEMICOLON) {
        lx.next();
      }
      if (lx.kind == EOF) {
        break;
      }
      long bits = statement();
      mask |= bits == 0 ? WRITE : bits; // a statement that revealed nothing is unrecognised
      statements++;
    }
    if (statements == 0) {
      mask = WRITE;
    }
    return new QueryClassification(mask, statements > 1, objectName, preparedText, lx.hints());
  }

  /** Classifies the statement starting at the current token and leaves the lexer at its end. */
  private long statement() {
    // SET STATEMENT ... FOR and ANALYZE nest statements; hostile text must not exhaust the stack
    if (++statementDepth > MAX_NESTING * 4) {
      return skipToEnd(WRITE);
    }
    try {
      return statementAtDepth();
    } finally {
      statementDepth--;
    }
  }

  private int statementDepth;

  private long statementAtDepth() {
    if (lx.isPunct('(')) {
      while (lx.isPunct('(')) {
        lx.next();
      }
      return statement();
    }
    if (lx.kind != WORD) {
      return skipToEnd(WRITE);
    }
    int id = Words.id(lx.word);
    boolean compound =
        id == 0
            && (lx.textIs("loop")
                || lx.textIs("while")
                || lx.textIs("repeat")
                || lx.textIs("case"));
    lx.next();
    if (compound || lx.isPunct(':')) {
      // label: BEGIN ... END, LOOP ... END LOOP, ...: the body holds semicolons
      return skipToEof(WRITE);
    }
    return switch (id) {
      case Words.SELECT, Words.VALUES, Words.TABLE, Words.DO -> read(scan(false, false));
      case Words.WITH -> read(scan(true, false));
      case Words.SHOW -> show();
      case Words.DESCRIBE, Words.DESC, Words.EXPLAIN, Words.HELP, Words.CHECKSUM -> skipToEnd(READ);
      case Words.INSERT, Words.REPLACE, Words.UPDATE, Words.DELETE -> WRITE | scan(false, false);
      case Words.CALL -> WRITE | CALL | scan(false, false);
      case Words.LOAD -> skipToEnd(lx.isWord(Words.INDEX) ? WRITE | IMPLICIT_COMMIT : WRITE);
      case Words.CREATE -> create();
      case Words.DROP -> drop();
      case Words.ALTER,
          Words.RENAME,
          Words.TRUNCATE,
          Words.GRANT,
          Words.REVOKE,
          Words.FLUSH,
          Words.OPTIMIZE,
          Words.REPAIR,
          Words.CHECK,
          Words.RESET,
          Words.SHUTDOWN,
          Words.CACHE,
          Words.CHANGE ->
          skipToEnd(WRITE | IMPLICIT_COMMIT);
      case Words.ANALYZE -> analyze();
      case Words.XA -> xa();
      case Words.START -> start();
      case Words.STOP -> skipToEnd(isReplication() ? WRITE | IMPLICIT_COMMIT : WRITE);
      case Words.BEGIN -> begin();
      case Words.COMMIT -> endTransaction(COMMIT);
      case Words.ROLLBACK -> endTransaction(ROLLBACK);
      case Words.SET -> set();
      case Words.USE -> skipToEnd(SESSION_WRITE);
      case Words.PREPARE -> prepare();
      case Words.EXECUTE -> execute();
      case Words.DEALLOCATE -> deallocate();
      case Words.LOCK ->
          skipToEnd(
              lx.isWord(Words.TABLE) || lx.isWord(Words.TABLES)
                  ? LOCK_TABLES | WRITE | IMPLICIT_COMMIT
                  : WRITE);
      case Words.UNLOCK ->
          skipToEnd(
              lx.isWord(Words.TABLE) || lx.isWord(Words.TABLES)
                  ? UNLOCK_TABLES | WRITE | IMPLICIT_COMMIT
                  : WRITE);
      case Words.IF -> skipToEof(WRITE); // IF ... END IF outside a stored program
      default -> skipToEnd(WRITE);
    };
  }

  /**
   * A statement that reads unless its scan found a write; an assignment in it is a session write.
   */
  private static long read(long scanned) {
    long bits = READ | scanned;
    if ((bits & WRITE) != 0) {
      return bits & ~READ;
    }
    if ((bits & USERVAR_WRITE) != 0) {
      bits |= SESSION_WRITE;
    }
    return bits;
  }

  private long skipToEnd(long bits) {
    while (!lx.atEnd()) {
      lx.next();
    }
    return bits;
  }

  /** Skips the rest of the query: a compound statement or stored-program body holds semicolons. */
  private long skipToEof(long bits) {
    while (lx.kind != EOF) {
      lx.next();
    }
    return bits;
  }

  /**
   * Goes over the tokens of a statement (or, with {@code stopAtComma}, of one SET value) and
   * returns what they reveal: calls to functions that are not known to be read-only, variables read
   * and assigned, locking clauses, {@code INTO}, sequences. With {@code cteHeader}, a name followed
   * by {@code (} at the top level before the main statement is a CTE's column list, not a call.
   */
  private long scan(boolean cteHeader, boolean stopAtComma) {
    long bits = 0;
    int depth = 0;
    boolean mainSeen = !cteHeader;
    boolean pendingUserVar = false;
    boolean intoList = false;
    int prevKind = PUNCT;
    int prevEntry = 0;
    int prevId = 0;
    int prev2Id = 0;
    boolean prevQualified = false;
    boolean prevWasDot = false;
    int count = 0;
    for (; !lx.atEnd(); lx.next()) {
      int kind = lx.kind;
      if (stopAtComma && depth == 0 && kind == PUNCT && lx.punct == ',') {
        break;
      }
      count++;
      if (pendingUserVar) {
        bits |= kind == ASSIGN ? USERVAR_WRITE : USERVAR_READ;
        pendingUserVar = false;
      }
      int id = 0;
      switch (kind) {
        case USER_VAR -> {
          if (intoList) {
            bits |= USERVAR_WRITE;
          } else {
            pendingUserVar = true;
          }
        }
        case SYS_VAR -> bits |= sysVarRead();
        case PUNCT -> {
          int c = lx.punct;
          if (c == '(') {
            if ((prevKind == WORD || prevKind == QUOTED_IDENT) && (mainSeen || depth != 0)) {
              bits |= call(prevKind, prevEntry, prevQualified);
            }
            depth++;
          } else if (c == ')') {
            depth--;
          }
        }
        case WORD -> {
          id = Words.id(lx.word);
          if (!mainSeen && depth == 0) {
            if (id == Words.SELECT || id == Words.VALUES || id == Words.TABLE) {
              mainSeen = true;
            } else if (id == Words.INSERT
                || id == Words.REPLACE
                || id == Words.UPDATE
                || id == Words.DELETE) {
              mainSeen = true;
              bits |= WRITE;
            }
          } else {
            bits |= keywordInScan(id, prevId, prev2Id);
          }
          if (prevWasDot && id == 0) {
            // seq.nextval, seq.currval (sql_mode=ORACLE's sequence syntax)
            if (lx.textIs("nextval")) {
              bits |= WRITE;
            } else if (lx.textIs("currval")) {
              bits |= MASTER_READ;
            }
          }
        }
        default -> {}
      }
      if (intoList) {
        intoList = kind == USER_VAR || (kind == PUNCT && lx.punct == ',');
      } else if (id == Words.INTO) {
        intoList = true;
      }
      prevQualified = prevWasDot;
      prevWasDot = kind == PUNCT && lx.punct == '.';
      prev2Id = prevId;
      prevId = id;
      prevKind = kind;
      prevEntry = kind == WORD ? lx.word : 0;
    }
    if (pendingUserVar) {
      bits |= USERVAR_READ;
    }
    scanned = count;
    return bits;
  }

  private static long keywordInScan(int id, int prevId, int prev2Id) {
    return switch (id) {
      // FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE: locking reads go to the primary
      case Words.UPDATE, Words.SHARE -> prevId == Words.FOR ? WRITE : 0;
      case Words.IN -> prevId == Words.LOCK ? WRITE : 0;
      case Words.OUTFILE, Words.DUMPFILE -> prevId == Words.INTO ? WRITE : 0;
      case Words.FOR -> {
        if (prevId != Words.VALUE) {
          yield 0;
        }
        yield prev2Id == Words.NEXT ? WRITE : prev2Id == Words.PREVIOUS ? MASTER_READ : 0;
      }
      default -> 0;
    };
  }

  /** What a call of the word before {@code (} means. */
  private static long call(int kind, int entry, boolean qualified) {
    if (kind == QUOTED_IDENT || qualified) {
      return WRITE; // `f`(...) or db.f(...): a stored function
    }
    if (entry == 0) {
      return WRITE; // not a built-in: a stored or user-defined function
    }
    return Words.isMasterReadFunction(entry) ? MASTER_READ : 0;
  }

  private long sysVarRead() {
    long bits = lx.globalScope ? GSYSVAR_READ : SYSVAR_READ;
    if (lx.nameIs("identity") || lx.nameIs("last_insert_id")) {
      bits |= MASTER_READ;
    }
    return bits;
  }

  private long show() {
    long bits = READ;
    if (lx.isWord(Words.WARNINGS) || lx.isWord(Words.ERRORS)) {
      bits |= SHOW_DIAGNOSTICS;
    } else if (lx.isWord(Words.COUNT)) {
      for (int i = 0; i < 4 && !lx.atEnd(); i++) {
        lx.next();
      }
      if (lx.isWord(Words.WARNINGS) || lx.isWord(Words.ERRORS)) {
        bits |= SHOW_DIAGNOSTICS;
      }
    }
    return skipToEnd(bits);
  }

  private long create() {
    boolean temporary = false;
    while (!lx.atEnd()) {
      if (lx.kind == WORD) {
        int id = Words.id(lx.word);
        if (id == Words.TEMPORARY) {
          temporary = true;
        } else if (id == Words.TABLE) {
          lx.next();
          if (!temporary) {
            return skipToEnd(WRITE | IMPLICIT_COMMIT);
          }
          skipIfExists();
          String name = qualifiedName();
          if (name != null && objectName == null) {
            objectName = name;
          }
          return skipToEnd(CREATE_TMP_TABLE | WRITE);
        } else if (lx.textIs("procedure")
            || lx.textIs("function")
            || lx.textIs("trigger")
            || lx.textIs("event")
            || lx.textIs("package")) {
          return skipToEof(WRITE | IMPLICIT_COMMIT);
        } else if (id != Words.OR
            && id != Words.REPLACE
            && id != Words.DEFAULT
            && !lx.textIs("definer")
            && !lx.textIs("aggregate")) {
          break;
        }
      } else if (!lx.isPunct('=') && lx.kind != USER_VAR && lx.kind != QUOTED_IDENT) {
        // DEFINER = user@host is skipped above; anything else ends the preamble
        if (lx.kind != STRING) {
          break;
        }
      }
      lx.next();
    }
    return skipToEnd(temporary ? WRITE : WRITE | IMPLICIT_COMMIT);
  }

  private long drop() {
    boolean temporary = false;
    if (lx.isWord(Words.TEMPORARY)) {
      temporary = true;
      lx.next();
    }
    if (lx.isWord(Words.TABLE) || lx.isWord(Words.TABLES)) {
      return skipToEnd(temporary ? DROP_TABLE | WRITE : DROP_TABLE | WRITE | IMPLICIT_COMMIT);
    }
    if (lx.isWord(Words.PREPARE)) {
      lx.next();
      return deallocateName();
    }
    if (lx.textIs("procedure")
        || lx.textIs("function")
        || lx.textIs("trigger")
        || lx.textIs("event")) {
      return skipToEnd(WRITE | IMPLICIT_COMMIT);
    }
    return skipToEnd(temporary ? WRITE : WRITE | IMPLICIT_COMMIT);
  }

  private void skipIfExists() {
    if (lx.isWord(Words.IF)) {
      lx.next();
      if (lx.isWord(Words.NOT)) {
        lx.next();
      }
      if (lx.isWord(Words.EXISTS)) {
        lx.next();
      }
    }
  }

  /** Reads {@code name} or {@code db.name} at the current token, unquoted; null if none. */
  private @Nullable String qualifiedName() {
    if (lx.kind != WORD && lx.kind != QUOTED_IDENT) {
      return null;
    }
    String first = Text.name(lx.buffer(), lx.start, lx.stop);
    lx.next();
    if (lx.isPunct('.')) {
      lx.next();
      if (lx.kind == WORD || lx.kind == QUOTED_IDENT) {
        String second = Text.name(lx.buffer(), lx.start, lx.stop);
        lx.next();
        return first + "." + second;
      }
    }
    return first;
  }

  /** ANALYZE TABLE is maintenance; ANALYZE [FORMAT=JSON] stmt runs stmt and reports on it. */
  private long analyze() {
    if (lx.isWord(Words.FORMAT)) {
      for (int i = 0; i < 3 && !lx.atEnd(); i++) {
        lx.next();
      }
    }
    if (lx.isPunct('(')
        || lx.isWord(Words.SELECT)
        || lx.isWord(Words.WITH)
        || lx.isWord(Words.INSERT)
        || lx.isWord(Words.REPLACE)
        || lx.isWord(Words.UPDATE)
        || lx.isWord(Words.DELETE)) {
      return statement();
    }
    return skipToEnd(WRITE | IMPLICIT_COMMIT);
  }

  private long xa() {
    long bits = WRITE;
    if (lx.isWord(Words.START) || lx.isWord(Words.BEGIN)) {
      bits |= BEGIN_TRX;
    } else if (lx.isWord(Words.COMMIT)) {
      bits |= COMMIT;
    } else if (lx.isWord(Words.ROLLBACK)) {
      bits |= ROLLBACK;
    }
    return skipToEnd(bits);
  }

  private boolean isReplication() {
    return lx.isWord(Words.SLAVE)
        || lx.isWord(Words.REPLICA)
        || lx.isWord(Words.ALL)
        || lx.textIs("slaves")
        || lx.textIs("replicas")
        || lx.kind == STRING; // START 'connection' SLAVE
  }

  private long start() {
    if (!lx.isWord(Words.TRANSACTION)) {
      return skipToEnd(isReplication() ? WRITE | IMPLICIT_COMMIT : WRITE);
    }
    lx.next();
    return skipToEnd(BEGIN_TRX | IMPLICIT_COMMIT | accessModes());
  }

  /** READ ONLY / READ WRITE in the comma-separated list at the current token. */
  private long accessModes() {
    long bits = 0;
    while (!lx.atEnd()) {
      if (lx.isWord(Words.READ)) {
        lx.next();
        if (lx.isWord(Words.ONLY)) {
          bits |= READ_ONLY;
        } else if (lx.isWord(Words.WRITE)) {
          bits |= READ_WRITE;
        }
        continue;
      }
      lx.next();
    }
    return bits;
  }

  private long begin() {
    if (lx.isWord(Words.NOT)) {
      return skipToEof(WRITE); // BEGIN NOT ATOMIC ... END: a compound statement
    }
    if (lx.isWord(Words.WORK)) {
      lx.next();
    }
    if (!lx.atEnd()) {
      return skipToEof(WRITE); // not the transaction statement: a compound statement's body
    }
    return BEGIN_TRX | IMPLICIT_COMMIT;
  }

  private long endTransaction(long type) {
    if (lx.isWord(Words.WORK)) {
      lx.next();
    }
    if (lx.isWord(Words.TO)) {
      return skipToEnd(WRITE); // ROLLBACK TO SAVEPOINT keeps the transaction open
    }
    long bits = type;
    if (lx.isWord(Words.AND)) {
      lx.next();
      if (!lx.isWord(Words.NO)) {
        bits |= BEGIN_TRX; // AND CHAIN starts the next transaction at once
      }
    }
    return skipToEnd(bits);
  }

  private long set() {
    if (lx.kind != WORD) {
      return assignments(false);
    }
    int id = Words.id(lx.word);
    switch (id) {
      case Words.STATEMENT -> {
        int depth = 0;
        while (!lx.atEnd()) {
          if (lx.isPunct('(')) {
            depth++;
          } else if (lx.isPunct(')')) {
            depth--;
          } else if (depth == 0 && lx.isWord(Words.FOR)) {
            lx.next();
            return statement();
          }
          lx.next();
        }
        return WRITE;
      }
      case Words.PASSWORD -> {
        return skipToEnd(WRITE | IMPLICIT_COMMIT);
      }
      case Words.DEFAULT -> {
        lx.save();
        lx.next();
        if (lx.isWord(Words.ROLE)) {
          return skipToEnd(WRITE); // SET DEFAULT ROLE is stored in the grant tables
        }
        lx.restore(); // SET default.key_buffer_size = ...
        return assignments(false);
      }
      case Words.ROLE -> {
        return skipToEnd(SESSION_WRITE);
      }
      case Words.TRANSACTION -> {
        lx.next();
        return skipToEnd(NEXT_TRX | SESSION_WRITE | accessModes());
      }
      case Words.GLOBAL, Words.SESSION, Words.LOCAL -> {
        lx.next();
        if (lx.isWord(Words.TRANSACTION)) {
          return skipToEnd(id == Words.GLOBAL ? GSYSVAR_WRITE | WRITE : SESSION_WRITE);
        }
        return assignments(id == Words.GLOBAL);
      }
      default -> {
        return assignments(false);
      }
    }
  }

  /**
   * {@code SET} assignments, comma-separated. As in MariaDB, a GLOBAL or SESSION modifier applies
   * to the assignments after it until the next modifier.
   */
  private long assignments(boolean initiallyGlobal) {
    long bits = 0;
    boolean global = initiallyGlobal;
    while (!lx.atEnd()) {
      if (lx.isWord(Words.GLOBAL)) {
        global = true;
        lx.next();
      } else if (lx.isWord(Words.SESSION) || lx.isWord(Words.LOCAL)) {
        global = false;
        lx.next();
      }
      if (lx.isWord(Words.NAMES) || lx.isWord(Words.CHARSET) || lx.isWord(Words.CHARACTER)) {
        // NAMES and CHARACTER SET may stand in a list too: SET sql_mode=..., NAMES utf8mb4
        bits |= SESSION_WRITE;
        skipToNextAssignment();
        continue;
      }
      boolean autocommit = false;
      boolean targetGlobal = global;
      switch (lx.kind) {
        case USER_VAR -> bits |= USERVAR_WRITE | SESSION_WRITE;
        case SYS_VAR -> {
          targetGlobal = lx.globalScope || (global && !lx.sessionScope);
          autocommit = lx.nameIs("autocommit");
        }
        case WORD, QUOTED_IDENT -> {
          autocommit = lx.isWord(Words.AUTOCOMMIT);
          lx.save();
          lx.next();
          if (lx.isPunct('.')) {
            lx.next(); // a structured variable: default.key_buffer_size
            autocommit = false;
          } else {
            lx.restore();
          }
        }
        default -> {
          return skipToEnd(bits | WRITE);
        }
      }
      if (lx.kind != USER_VAR) {
        bits |= targetGlobal ? GSYSVAR_WRITE | WRITE : SESSION_WRITE;
      }
      lx.next();
      if (!lx.isPunct('=') && lx.kind != ASSIGN) {
        return skipToEnd(bits | WRITE);
      }
      lx.next();
      long autocommitBits = autocommit && !targetGlobal ? autocommitValue() : 0;
      bits |= scan(false, true);
      if (scanned == 1) {
        bits |= autocommitBits;
      }
      if (lx.isPunct(',')) {
        lx.next();
      }
    }
    return bits;
  }

  /** Skips one assignment of a SET list and the comma after it. */
  private void skipToNextAssignment() {
    int depth = 0;
    while (!lx.atEnd()) {
      if (lx.isPunct('(')) {
        depth++;
      } else if (lx.isPunct(')')) {
        depth--;
      } else if (depth == 0 && lx.isPunct(',')) {
        lx.next();
        return;
      }
      lx.next();
    }
  }

  /** ENABLE_AUTOCOMMIT or DISABLE_AUTOCOMMIT for the value token of {@code autocommit=}. */
  private long autocommitValue() {
    switch (lx.kind) {
      case NUMBER, STRING -> {
        int s = lx.start;
        int e = lx.stop;
        if (lx.kind == STRING) {
          s++;
          e--;
        }
        if (lx.equalsIgnoreCase(s, e, "1") || lx.equalsIgnoreCase(s, e, "on")) {
          return ENABLE_AUTOCOMMIT;
        }
        if (lx.equalsIgnoreCase(s, e, "0") || lx.equalsIgnoreCase(s, e, "off")) {
          return DISABLE_AUTOCOMMIT;
        }
        return 0;
      }
      case WORD -> {
        int id = Words.id(lx.word);
        if (id == Words.ON || id == Words.TRUE || id == Words.DEFAULT) {
          return ENABLE_AUTOCOMMIT;
        }
        if (id == Words.OFF || id == Words.FALSE) {
          return DISABLE_AUTOCOMMIT;
        }
        return 0;
      }
      default -> {
        return 0;
      }
    }
  }

  private long prepare() {
    if (lx.kind != WORD && lx.kind != QUOTED_IDENT) {
      return skipToEnd(WRITE);
    }
    if (objectName == null) {
      objectName = Text.name(lx.buffer(), lx.start, lx.stop);
    }
    lx.next();
    long bits = PREPARE_NAMED_STMT | SESSION_WRITE;
    if (!lx.isWord(Words.FROM)) {
      return skipToEnd(bits);
    }
    lx.next();
    if (lx.kind == STRING) {
      byte[] text = stringLiterals();
      if (preparedText == null) {
        preparedText = Text.decode(text, 0, text.length);
      }
      return skipToEnd(bits);
    }
    if (lx.kind == USER_VAR) {
      bits |= USERVAR_READ;
    }
    return skipToEnd(bits);
  }

  /** The content of the string literal at the current token and of any adjacent ones, joined. */
  private byte[] stringLiterals() {
    byte[] text = Text.unescape(lx.buffer(), lx.start, lx.stop);
    lx.next();
    while (lx.kind == STRING) {
      byte[] more = Text.unescape(lx.buffer(), lx.start, lx.stop);
      byte[] joined = new byte[text.length + more.length];
      System.arraycopy(text, 0, joined, 0, text.length);
      System.arraycopy(more, 0, joined, text.length, more.length);
      text = joined;
      lx.next();
    }
    return text;
  }

  private long execute() {
    if (lx.isWord(Words.IMMEDIATE)) {
      lx.next();
      if (lx.kind != STRING || nesting >= MAX_NESTING) {
        return WRITE | scan(false, false);
      }
      byte[] text = stringLiterals();
      QueryClassification inner =
          new StatementClassifier(text, 0, text.length, nesting + 1).classify();
      if (objectName == null) {
        objectName = inner.objectName(); // EXECUTE IMMEDIATE 'CREATE TEMPORARY TABLE t ...'
      }
      return inner.typeMask() | (scan(false, false) & USERVAR_READ);
    }
    if (lx.kind != WORD && lx.kind != QUOTED_IDENT) {
      return skipToEnd(WRITE);
    }
    if (objectName == null) {
      objectName = Text.name(lx.buffer(), lx.start, lx.stop);
    }
    lx.next();
    return EXEC_STMT | scan(false, false);
  }

  private long deallocate() {
    if (!lx.isWord(Words.PREPARE)) {
      return skipToEnd(WRITE);
    }
    lx.next();
    return deallocateName();
  }

  private long deallocateName() {
    if ((lx.kind == WORD || lx.kind == QUOTED_IDENT) && objectName == null) {
      objectName = Text.name(lx.buffer(), lx.start, lx.stop);
    }
    return skipToEnd(DEALLOCATE_PREPARE | SESSION_WRITE);
  }
}
