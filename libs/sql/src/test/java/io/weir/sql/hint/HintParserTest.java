package io.weir.sql.hint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HintParserTest {

  @Test
  void routeTargets() {
    assertThat(HintParser.parse("route to master"))
        .isEqualTo(new Hint.Route(RouteTarget.MASTER, null));
    assertThat(HintParser.parse("route to slave"))
        .isEqualTo(new Hint.Route(RouteTarget.SLAVE, null));
    assertThat(HintParser.parse("route to last")).isEqualTo(new Hint.Route(RouteTarget.LAST, null));
    assertThat(HintParser.parse("route to server db-2"))
        .isEqualTo(new Hint.Route(RouteTarget.SERVER, "db-2"));
  }

  @Test
  @DisplayName("keywords ignore case, server names keep theirs")
  void caseInsensitiveKeywords() {
    assertThat(HintParser.parse("ROUTE To SERVER DB-Two"))
        .isEqualTo(new Hint.Route(RouteTarget.SERVER, "DB-Two"));
    assertThat(HintParser.parse("  Route   TO  Master  "))
        .isEqualTo(new Hint.Route(RouteTarget.MASTER, null));
  }

  @Test
  void parameters() {
    assertThat(HintParser.parse("max_slave_replication_lag=10"))
        .isEqualTo(new Hint.Parameter("max_slave_replication_lag", "10"));
    assertThat(HintParser.parse("max_slave_replication_lag = 10"))
        .isEqualTo(new Hint.Parameter("max_slave_replication_lag", "10"));
  }

  @Test
  void namedHints() {
    assertThat(HintParser.parse("my_hint prepare route to master"))
        .isEqualTo(new Hint.Define("my_hint", new Hint.Route(RouteTarget.MASTER, null)));
    assertThat(HintParser.parse("lag PREPARE max_slave_replication_lag=5"))
        .isEqualTo(new Hint.Define("lag", new Hint.Parameter("max_slave_replication_lag", "5")));
    assertThat(HintParser.parse("my_hint begin")).isEqualTo(new Hint.BeginNamed("my_hint"));
  }

  @Test
  void hintStack() {
    assertThat(HintParser.parse("begin route to slave"))
        .isEqualTo(new Hint.Begin(new Hint.Route(RouteTarget.SLAVE, null)));
    assertThat(HintParser.parse("BEGIN max_slave_replication_lag=3"))
        .isEqualTo(new Hint.Begin(new Hint.Parameter("max_slave_replication_lag", "3")));
    assertThat(HintParser.parse("end")).isEqualTo(new Hint.End());
    assertThat(HintParser.parse("END")).isEqualTo(new Hint.End());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "begin",
        "end now",
        "route",
        "route to",
        "route master",
        "route to primary",
        "route to server",
        "route to server a b",
        "route to master please",
        "x prepare",
        "x prepare nonsense",
        "x prepare y begin",
        "begin begin route to master",
        "x begin now",
        "=5",
        "a=",
        "a==b",
        "hello world",
        "select 1"
      })
  @DisplayName("anything else is Invalid, with the text and a reason")
  void invalid(String body) {
    Hint hint = HintParser.parse(body);
    assertThat(hint).isInstanceOf(Hint.Invalid.class);
    Hint.Invalid invalid = (Hint.Invalid) hint;
    assertThat(invalid.text()).isEqualTo(body.strip());
    assertThat(invalid.reason()).isNotBlank();
  }
}
