package io.weir.sql.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QueryClassifierTest {

  private static final List<ClassificationCase> CASES = ClassificationCase.all();

  @Test
  @DisplayName("every golden case classifies as written (all mismatches reported at once)")
  void goldenCases() {
    List<String> mismatches = new ArrayList<>();
    for (ClassificationCase c : CASES) {
      QueryClassification got = QueryClassifier.classify(c.sql());
      List<String> problems = new ArrayList<>();
      if (got.typeMask() != c.typeMask()) {
        problems.add(
            "types: expected ["
                + ClassificationCase.names(c.typeMask())
                + "] got ["
                + ClassificationCase.names(got.typeMask())
                + "]");
      }
      if (!Objects.equals(got.objectName(), c.object())) {
        problems.add("object: expected " + c.object() + " got " + got.objectName());
      }
      if (!Objects.equals(got.preparedText(), c.prepared())) {
        problems.add("prepared: expected " + c.prepared() + " got " + got.preparedText());
      }
      if (got.multiStatement() != c.multi()) {
        problems.add("multi: expected " + c.multi() + " got " + got.multiStatement());
      }
      if (!got.hintComments().equals(c.hints())) {
        problems.add("hints: expected " + c.hints() + " got " + got.hintComments());
      }
      List<String> tables = c.tables();
      if (tables != null) {
        List<String> gotTables = QueryClassifier.tables(c.sql());
        if (!gotTables.equals(tables)) {
          problems.add("tables: expected " + tables + " got " + gotTables);
        }
      }
      if (!problems.isEmpty()) {
        mismatches.add(c.where() + " " + c.sql() + "\n    " + String.join("\n    ", problems));
      }
    }
    assertThat(mismatches)
        .as(
            mismatches.size()
                + " of "
                + CASES.size()
                + " cases differ:\n"
                + String.join("\n", mismatches))
        .isEmpty();
  }

  @Test
  @DisplayName("the golden files hold enough cases to cover the rules")
  void enoughCases() {
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(250);
  }

  @Test
  @DisplayName("bytes inside a larger buffer classify as the same text given as a String")
  void bytesAndStringAgree() {
    for (ClassificationCase c : CASES) {
      byte[] sql = c.sql().getBytes(StandardCharsets.UTF_8);
      byte[] framed = new byte[sql.length + 10];
      // garbage around the statement that must not be read: a quote, a semicolon, a comment
      byte[] junk = "';/*`\"#@( ".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(junk, 0, framed, 0, 5);
      System.arraycopy(sql, 0, framed, 5, sql.length);
      System.arraycopy(junk, 5, framed, 5 + sql.length, 5);
      assertThat(QueryClassifier.classify(framed, 5, sql.length))
          .as(c.where())
          .isEqualTo(QueryClassifier.classify(c.sql()));
    }
  }

  @Test
  @DisplayName("latin1 bytes in a name decode as latin1, utf8mb4 ones as UTF-8")
  void latin1AndUtf8Names() {
    byte[] latin1 =
        "CREATE TEMPORARY TABLE caf\u00e9 (a INT)".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(QueryClassifier.classify(latin1, 0, latin1.length).objectName())
        .isEqualTo("caf\u00e9");
    byte[] utf8 =
        "CREATE TEMPORARY TABLE `\u00fcber\uD83D\uDE00` (a INT)".getBytes(StandardCharsets.UTF_8);
    assertThat(QueryClassifier.classify(utf8, 0, utf8.length).objectName())
        .isEqualTo("\u00fcber\uD83D\uDE00");
  }

  @Test
  @DisplayName("a statement with no hint comment returns the shared empty list")
  void noHintsNoList() {
    assertThat(QueryClassifier.classify("SELECT 1").hintComments()).isSameAs(List.of());
  }

  @Test
  @DisplayName("fuzz: random bytes and cut-off golden statements never throw")
  void fuzz() {
    Random random = new Random(20261130);
    byte[] alphabet =
        "aSeLcT FROMwhere;'\"`\\@:=()*/!M#-+\n\t.,0123456789_xXbBNn?\u00e9"
            .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 20_000; i++) {
      byte[] sql = new byte[random.nextInt(80)];
      for (int k = 0; k < sql.length; k++) {
        sql[k] =
            random.nextInt(4) == 0
                ? (byte) random.nextInt(256)
                : alphabet[random.nextInt(alphabet.length)];
      }
      classifyNeverThrows(sql, 0, sql.length);
    }
    for (ClassificationCase c : CASES) {
      byte[] sql = c.sql().getBytes(StandardCharsets.UTF_8);
      for (int cut = 0; cut <= sql.length; cut++) {
        classifyNeverThrows(sql, 0, cut);
        classifyNeverThrows(sql, cut, sql.length - cut);
      }
    }
  }

  @Test
  @DisplayName("deeply nested statements neither overflow the stack nor pass as reads")
  void deepNesting() {
    String nested = "SET STATEMENT a=1 FOR ".repeat(20_000) + "SELECT 1";
    assertThat(QueryClassifier.classify(nested).typeMask()).isEqualTo(QueryType.WRITE.bit());
    String analyze = "ANALYZE (".repeat(20_000) + "SELECT 1";
    assertThat(QueryClassifier.classify(analyze).typeMask()).isEqualTo(QueryType.WRITE.bit());
    String parens = "(".repeat(100_000) + "SELECT 1" + ")".repeat(100_000);
    assertThat(QueryClassifier.classify(parens).typeMask()).isEqualTo(QueryType.READ.bit());
  }

  private static void classifyNeverThrows(byte[] sql, int offset, int length) {
    assertThatCode(
            () -> {
              QueryClassification got = QueryClassifier.classify(sql, offset, length);
              assertThat(got.typeMask()).isNotZero();
              String text = new String(sql, offset, length, StandardCharsets.ISO_8859_1);
              QueryClassifier.tables(text);
            })
        .as(new String(sql, offset, length, StandardCharsets.ISO_8859_1))
        .doesNotThrowAnyException();
  }
}
