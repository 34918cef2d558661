package io.weir.sql.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WordsTest {

  private static int lookup(String word) {
    byte[] b = word.getBytes(StandardCharsets.US_ASCII);
    int hash = 0;
    for (byte c : b) {
      hash = hash * 31 + Lexer.lower(c);
    }
    return Words.lookup(b, 0, b.length, hash);
  }

  @Test
  @DisplayName("every keyword id is found under its name in any case")
  void keywordsResolve() {
    assertThat(Words.id(lookup("SELECT"))).isEqualTo(Words.SELECT);
    assertThat(Words.id(lookup("select"))).isEqualTo(Words.SELECT);
    assertThat(Words.id(lookup("SeLeCt"))).isEqualTo(Words.SELECT);
    assertThat(Words.id(lookup("last_insert_id"))).isEqualTo(Words.LAST_INSERT_ID);
    assertThat(Words.id(lookup("Sequence"))).isEqualTo(Words.SEQUENCE);
  }

  @Test
  @DisplayName("a word both keyword and function keeps both")
  void keywordAndFunction() {
    int count = lookup("count");
    assertThat(Words.id(count)).isEqualTo(Words.COUNT);
    assertThat(Words.isFunctionCall(count)).isTrue();
    int insert = lookup("INSERT");
    assertThat(Words.id(insert)).isEqualTo(Words.INSERT);
    assertThat(Words.isReadOnlyFunction(insert)).isTrue();
    assertThat(Words.isMasterReadFunction(lookup("LAST_INSERT_ID"))).isTrue();
    assertThat(Words.isMasterReadFunction(lookup("lastval"))).isTrue();
  }

  @Test
  @DisplayName("keywords that may precede ( are not calls; unknown names and write functions are")
  void notFunctions() {
    assertThat(Words.isFunctionCall(lookup("in"))).isFalse();
    assertThat(Words.isFunctionCall(lookup("over"))).isFalse();
    assertThat(Words.isFunctionCall(lookup("using"))).isFalse();
    assertThat(lookup("my_function")).isZero();
    assertThat(lookup("get_lock")).isZero();
    assertThat(lookup("nextval")).isZero();
    assertThat(Words.isFunctionCall(lookup("get_lock"))).isTrue();
  }
}
