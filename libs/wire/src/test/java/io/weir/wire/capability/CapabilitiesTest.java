package io.weir.wire.capability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilitiesTest {
  @ParameterizedTest(name = "{0} is bit {1}")
  @CsvSource({
    // golden bit positions from the MariaDB protocol page and MariaDB's mariadb_com.h
    "CLIENT_MYSQL, 0",
    "FOUND_ROWS, 1",
    "CONNECT_WITH_DB, 3",
    "CLIENT_PROTOCOL_41, 9",
    "SSL, 11",
    "TRANSACTIONS, 13",
    "SECURE_CONNECTION, 15",
    "MULTI_STATEMENTS, 16",
    "MULTI_RESULTS, 17",
    "PS_MULTI_RESULTS, 18",
    "PLUGIN_AUTH, 19",
    "CONNECT_ATTRS, 20",
    "PLUGIN_AUTH_LENENC_CLIENT_DATA, 21",
    "CAN_HANDLE_EXPIRED_PASSWORDS, 22",
    "SESSION_TRACK, 23",
    "DEPRECATE_EOF, 24",
    "MARIADB_CLIENT_PROGRESS, 32",
    "MARIADB_CLIENT_COM_MULTI, 33",
    "MARIADB_CLIENT_STMT_BULK_OPERATIONS, 34",
    "MARIADB_CLIENT_EXTENDED_TYPE_INFO, 35",
    "MARIADB_CLIENT_CACHE_METADATA, 36",
  })
  void bitPositions(Capability capability, int bit) {
    assertThat(capability.mask()).isEqualTo(1L << bit);
    assertThat(capability.isExtended()).isEqualTo(bit >= 32);
  }

  @ParameterizedTest(name = "{0} is 0x{1}")
  @CsvSource({
    "SERVER_STATUS_IN_TRANS, 1",
    "SERVER_STATUS_AUTOCOMMIT, 2",
    "SERVER_MORE_RESULTS_EXISTS, 8",
    "SERVER_STATUS_CURSOR_EXISTS, 40",
    "SERVER_STATUS_LAST_ROW_SENT, 80",
    "SERVER_STATUS_NO_BACKSLASH_ESCAPES, 200",
    "SERVER_PS_OUT_PARAMS, 1000",
    "SERVER_STATUS_IN_TRANS_READONLY, 2000",
    "SERVER_SESSION_STATE_CHANGED, 4000",
  })
  void serverStatusBits(ServerStatus status, String hex) {
    assertThat(status.mask()).isEqualTo(Integer.parseInt(hex, 16));
    assertThat(status.isSetIn(Integer.parseInt(hex, 16) | 0x10000)).isTrue();
    assertThat(status.isSetIn(~Integer.parseInt(hex, 16))).isFalse();
  }

  @Test
  @DisplayName("with, without and intersect leave the original unchanged")
  void immutableOperations() {
    Capabilities client = Capabilities.of(Capability.SSL, Capability.MARIADB_CLIENT_PROGRESS);
    Capabilities server =
        Capabilities.of(Capability.MARIADB_CLIENT_PROGRESS, Capability.FOUND_ROWS);

    assertThat(client.intersect(server))
        .isEqualTo(Capabilities.of(Capability.MARIADB_CLIENT_PROGRESS));
    assertThat(client.with(Capability.FOUND_ROWS).has(Capability.FOUND_ROWS)).isTrue();
    assertThat(client.without(Capability.SSL).has(Capability.SSL)).isFalse();
    assertThat(client.has(Capability.SSL)).isTrue();
    assertThat(client.has(Capability.FOUND_ROWS)).isFalse();
  }

  @Test
  @DisplayName("the classic and extended halves split and join at bit 32, unknown bits kept")
  void halves() {
    Capabilities capabilities = Capabilities.of(0x8000_0200L, 0x1D);

    assertThat(capabilities.classic()).isEqualTo(0x8000_0200L);
    assertThat(capabilities.extended()).isEqualTo(0x1D);
    assertThat(capabilities.toSet())
        .containsExactlyInAnyOrder(
            Capability.CLIENT_PROTOCOL_41,
            Capability.REMEMBER_OPTIONS,
            Capability.MARIADB_CLIENT_PROGRESS,
            Capability.MARIADB_CLIENT_STMT_BULK_OPERATIONS,
            Capability.MARIADB_CLIENT_EXTENDED_TYPE_INFO,
            Capability.MARIADB_CLIENT_CACHE_METADATA);
    assertThat(new Capabilities(1L << 50).with(Capability.SSL).bits())
        .isEqualTo(1L << 50 | 1L << 11);
  }
}
