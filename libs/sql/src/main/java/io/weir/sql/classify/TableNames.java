package io.weir.sql.classify;

import static io.weir.sql.classify.Lexer.EOF;
import static io.weir.sql.classify.Lexer.QUOTED_IDENT;
import static io.weir.sql.classify.Lexer.WORD;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The table names of {@link QueryClassifier#tables}: the names after FROM, JOIN, UPDATE, INTO,
 * TABLE and TABLES (with comma lists and aliases after FROM, UPDATE, TABLE and TABLES), after
 * INSERT and REPLACE without INTO, and after TRUNCATE. Lexer-based, so it may also return a name
 * that is not a table (EXTRACT(YEAR FROM col) yields {@code col}); a router that uses it to find
 * temporary tables then errs towards the primary.
 */
final class TableNames {

  private TableNames() {}

  static List<String> of(String sql) {
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    Lexer lx = new Lexer(bytes, 0, bytes.length);
    Set<String> names = new LinkedHashSet<>();
    int prevId = 0;
    boolean prevKey = false;
    lx.next();
    while (lx.kind != EOF) {
      if (lx.kind != WORD) {
        prevId = 0;
        prevKey = false;
        lx.next();
        continue;
      }
      int id = Words.id(lx.word);
      boolean key = lx.textIs("key");
      boolean afterForOrKey = prevId == Words.FOR || prevKey;
      prevId = id;
      prevKey = key;
      switch (id) {
        case Words.FROM, Words.TABLE, Words.TABLES -> {
          lx.next();
          names(lx, names, true);
        }
        case Words.UPDATE -> {
          lx.next();
          if (!afterForOrKey) {
            skipModifiers(lx);
            names(lx, names, true);
          }
        }
        case Words.JOIN, Words.INTO, Words.TRUNCATE -> {
          lx.next();
          names(lx, names, false);
        }
        case Words.INSERT, Words.REPLACE -> {
          lx.next();
          skipModifiers(lx);
          if (!lx.isWord(Words.INTO)) {
            names(lx, names, false);
          }
        }
        default -> lx.next();
      }
    }
    return List.copyOf(new ArrayList<>(names));
  }

  private static void skipModifiers(Lexer lx) {
    while (lx.textIs("low_priority")
        || lx.textIs("high_priority")
        || lx.textIs("delayed")
        || lx.textIs("ignore")) {
      lx.next();
    }
  }

  /** Reads a name, or with {@code list} a comma-separated list of names with aliases. */
  private static void names(Lexer lx, Set<String> names, boolean list) {
    while (true) {
      if (lx.isWord(Words.TEMPORARY)) {
        lx.next();
      }
      if (lx.isWord(Words.IF)) {
        lx.next();
        if (lx.isWord(Words.NOT)) {
          lx.next();
        }
        if (lx.isWord(Words.EXISTS)) {
          lx.next();
        }
      }
      String name = name(lx);
      if (name == null) {
        return;
      }
      names.add(name);
      if (!list) {
        return;
      }
      // alias, RENAME TABLE a TO b, LOCK TABLES a READ LOCAL, b LOW_PRIORITY WRITE
      while (lx.kind == WORD || lx.kind == QUOTED_IDENT) {
        if (lx.isWord(Words.TO)) {
          lx.next();
          String target = name(lx);
          if (target != null) {
            names.add(target);
          }
          continue;
        }
        if (lx.isWord(Words.AS)
            || lx.isWord(Words.READ)
            || lx.isWord(Words.WRITE)
            || lx.isWord(Words.LOCAL)
            || lx.textIs("low_priority")
            || isName(lx)) {
          lx.next();
          continue;
        }
        break;
      }
      if (!lx.isPunct(',')) {
        return;
      }
      lx.next();
    }
  }

  private static @Nullable String name(Lexer lx) {
    if (!isName(lx)) {
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

  /** Whether the current token can be a table name rather than a keyword. */
  private static boolean isName(Lexer lx) {
    if (lx.kind == QUOTED_IDENT) {
      return true;
    }
    if (lx.kind != WORD) {
      return false;
    }
    if ((lx.word & 0xFFF) == Words.OTHER_KEYWORD) {
      return false;
    }
    return switch (Words.id(lx.word)) {
      case Words.SELECT,
          Words.WITH,
          Words.VALUES,
          Words.VALUE,
          Words.SET,
          Words.IF,
          Words.NOT,
          Words.EXISTS,
          Words.OUTFILE,
          Words.DUMPFILE,
          Words.TABLE,
          Words.TABLES,
          Words.TEMPORARY,
          Words.FROM,
          Words.INTO,
          Words.READ,
          Words.WRITE,
          Words.LOCAL,
          Words.TO,
          Words.FOR,
          Words.LOCK,
          Words.IN,
          Words.OR,
          Words.AND,
          Words.DEFAULT,
          Words.JOIN,
          Words.USING,
          Words.ON,
          Words.AS,
          Words.ALL ->
          false;
      default -> true;
    };
  }
}
