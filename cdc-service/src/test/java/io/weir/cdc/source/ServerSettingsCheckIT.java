package io.weir.cdc.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cdc.event.GtidPosition;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The checks against a real server whose binlog is statement-based. */
@WithMariaDb(replicas = 0, serverOptions = "--binlog-format=STATEMENT")
class ServerSettingsCheckIT {

  @Test
  @DisplayName("a server with binlog_format=STATEMENT is refused, naming the setting")
  void statementBinlogIsRefused(MariaDbTopology topology) throws Exception {
    SourceEndpoint source = endpoint(topology.primary(), Credentials.SERVICE);

    try (Connection connection = source.connect()) {
      assertThatThrownBy(() -> ServerSettingsCheck.check(connection, source))
          .isInstanceOf(SourceRefusedException.class)
          .hasMessageContaining("binlog_format=STATEMENT (must be ROW")
          .hasMessageNotContaining("binlog_row_image")
          .hasMessageNotContaining("REPLICATION SLAVE");
    }
  }

  @Test
  @DisplayName("an account without REPLICATION SLAVE is refused, saying so")
  void accountWithoutReplicationGrantIsRefused(MariaDbTopology topology) throws Exception {
    SourceEndpoint source = endpoint(topology.primary(), Credentials.APPLICATION);

    try (Connection connection = source.connect()) {
      assertThatThrownBy(() -> ServerSettingsCheck.check(connection, source))
          .hasMessageContaining("user 'app' lacks the REPLICATION SLAVE grant");
    }
  }

  @Test
  @DisplayName(
      "gtid=newest is @@gtid_binlog_pos; gtid=oldest is before the oldest binlog's first"
          + " transaction")
  void newestAndOldest(MariaDbTopology topology) throws Exception {
    topology.primary().execute("CREATE TABLE IF NOT EXISTS app.cdc_positions (id INT)");
    topology.primary().execute("INSERT INTO app.cdc_positions VALUES (1)");
    SourceEndpoint source = endpoint(topology.primary(), Credentials.SERVICE);

    try (Connection connection = source.connect()) {
      GtidPosition newest = StartPositionResolver.resolve(new StartGtid.Newest(), connection);
      GtidPosition oldest = StartPositionResolver.resolve(new StartGtid.Oldest(), connection);

      assertThat(newest).isEqualTo(GtidPosition.parse(topology.primaryGtidPosition()));
      assertThat(newest.isEmpty()).isFalse();
      // a fresh server's first binlog starts with an empty Gtid_list: from its very beginning
      assertThat(oldest).isEqualTo(GtidPosition.empty());
    }
  }

  static SourceEndpoint endpoint(MariaDbServer server, Credentials credentials) {
    return new SourceEndpoint(
        server.name(),
        server.host(),
        server.port(),
        credentials.user(),
        credentials.password(),
        Duration.ofSeconds(10));
  }
}
