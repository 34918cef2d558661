package io.weir.proxy.router.readwritesplit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.wire.command.Command;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionCommandHistoryTest {

  @Test
  @DisplayName(
      "every run is replayed in order (SET @a=@a+1 twice is two increments), a repeated command"
          + " sharing its bytes")
  void runsAreKeptInOrderSharingIdenticalBytes() {
    SessionCommandHistory history = history(Map.of());
    history.record(query("SET @a=1"), Command.COM_QUERY, 0);
    history.record(query("SET @a=@a+1"), Command.COM_QUERY, 0);
    history.record(query("SET @b=@a"), Command.COM_QUERY, 0);
    history.record(query("SET @a=@a+1"), Command.COM_QUERY, 0);

    List<SessionCommandHistory.Entry> entries = history.entries();
    assertThat(entries)
        .extracting(entry -> text(entry.payload()))
        .containsExactly("SET @a=1", "SET @a=@a+1", "SET @b=@a", "SET @a=@a+1");
    assertThat(entries.get(3).payload()).isSameAs(entries.get(1).payload());
    assertThat(history.size()).as("distinct commands").isEqualTo(3);
  }

  @Test
  @DisplayName("a command repeated for ever stops the history at the limit of runs")
  void endlessRepetitionIsBounded() {
    SessionCommandHistory history = history(Map.of("max_sescmd_history", 2L));
    for (int i = 0; i < 2 * SessionCommandHistory.RUNS_PER_DISTINCT; i++) {
      history.record(query("SET autocommit=1"), Command.COM_QUERY, 0);
    }
    assertThat(history.complete()).isTrue();

    history.record(query("SET autocommit=1"), Command.COM_QUERY, 0);

    assertThat(history.complete()).isFalse();
  }

  @Test
  @DisplayName("past max_sescmd_history the history stops and no longer claims to be complete")
  void overflowDisablesTheHistory() {
    SessionCommandHistory history = history(Map.of("max_sescmd_history", 2L));
    history.record(query("SET @a=1"), Command.COM_QUERY, 0);
    history.record(query("SET @b=1"), Command.COM_QUERY, 0);
    assertThat(history.complete()).isTrue();

    history.record(query("SET @c=1"), Command.COM_QUERY, 0);

    assertThat(history.complete()).isFalse();
    assertThat(history.entries()).isEmpty();
  }

  @Test
  @DisplayName("with prune_sescmd_history the oldest command goes and the history stays usable")
  void pruningDropsTheOldest() {
    SessionCommandHistory history =
        history(Map.of("max_sescmd_history", 2L, "prune_sescmd_history", true));
    history.record(query("SET @a=1"), Command.COM_QUERY, 0);
    history.record(query("SET @b=1"), Command.COM_QUERY, 0);
    history.record(query("SET @c=1"), Command.COM_QUERY, 0);

    assertThat(history.complete()).isTrue();
    assertThat(history.entries())
        .extracting(entry -> text(entry.payload()))
        .containsExactly("SET @b=1", "SET @c=1");
  }

  @Test
  @DisplayName("disable_sescmd_history keeps nothing")
  void disabled() {
    SessionCommandHistory history = history(Map.of("disable_sescmd_history", true));
    history.record(query("SET @a=1"), Command.COM_QUERY, 0);

    assertThat(history.complete()).isFalse();
    assertThat(history.entries()).isEmpty();
  }

  @Test
  @DisplayName("a closed prepared statement is not replayed; identical prepares stay apart")
  void preparedStatementsAreKeyedByTheirId() {
    SessionCommandHistory history = history(Map.of());
    byte[] prepare = "\u0016SELECT ?".getBytes(UTF_8);
    history.record(prepare, Command.COM_STMT_PREPARE, 1);
    history.record(prepare, Command.COM_STMT_PREPARE, 2);
    assertThat(history.size()).isEqualTo(2);

    history.forgetStatement(1);

    assertThat(history.entries())
        .extracting(SessionCommandHistory.Entry::statementId)
        .containsExactly(2);
  }

  private static SessionCommandHistory history(Map<String, Object> parameters) {
    return new SessionCommandHistory(RoutingRulesTest.settings(parameters));
  }

  private static byte[] query(String sql) {
    return ("\u0003" + sql).getBytes(UTF_8);
  }

  private static String text(byte[] payload) {
    return new String(payload, 1, payload.length - 1, UTF_8);
  }
}
