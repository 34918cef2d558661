package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KillStatementTest {

  @Test
  void readsEveryFormThatNamesAConnectionAndRewritesItsId() {
    assertThat(KillStatement.parse("KILL 12").orElseThrow().withConnectionId(99))
        .isEqualTo("KILL 99");
    assertThat(KillStatement.parse("  kill query 12 ;").orElseThrow().withConnectionId(99))
        .isEqualTo("KILL QUERY 99");
    assertThat(KillStatement.parse("KILL HARD CONNECTION 7").orElseThrow().withConnectionId(5))
        .isEqualTo("KILL HARD CONNECTION 5");
    assertThat(KillStatement.parse("Kill Soft 7").orElseThrow().withConnectionId(5))
        .isEqualTo("KILL SOFT 5");
    assertThat(KillStatement.ofConnection(3).withConnectionId(4)).isEqualTo("KILL CONNECTION 4");
  }

  @Test
  void leavesOtherStatementsAlone() {
    // KILL QUERY ID names a query and KILL USER an account: both pass through unchanged
    assertThat(KillStatement.parse("KILL QUERY ID 12")).isEmpty();
    assertThat(KillStatement.parse("KILL USER app")).isEmpty();
    assertThat(KillStatement.parse("SELECT 'KILL 12'")).isEmpty();
    assertThat(KillStatement.parse("KILL 99999999999999999999")).isEmpty();
    assertThat(KillStatement.parse("KILL " + "1".repeat(200))).isEmpty();
  }
}
