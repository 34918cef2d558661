package io.weir.cdc.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BinlogHistoryTest {

  @Test
  @DisplayName("a GTID is held when the state has its domain and server at that sequence or later")
  void heldAtOrAfter() {
    BinlogHistory history = BinlogHistory.parse("0-1-55,0-2-60,1-1-7");

    assertThat(history.missing(GtidPosition.parse("0-1-55"))).isEmpty();
    assertThat(history.missing(GtidPosition.parse("0-1-40,1-1-7"))).isEmpty();
    assertThat(history.missing(GtidPosition.parse("0-2-58"))).isEmpty();
  }

  @Test
  @DisplayName(
      "a transaction of the old primary beyond what the new one received is missing, even when the"
          + " new primary logged higher sequence numbers of its own since")
  void lossyFailover() {
    BinlogHistory history = BinlogHistory.parse("0-1-55,0-2-60");

    assertThat(history.missing(GtidPosition.parse("0-1-57"))).containsExactly(new Gtid(0, 1, 57));
  }

  @Test
  @DisplayName(
      "a domain or server the binlog never had is missing; sequence 0 names no transaction")
  void unknownDomainOrServer() {
    BinlogHistory history = BinlogHistory.parse("0-1-55");

    assertThat(history.missing(GtidPosition.parse("0-3-1,2-1-4")))
        .containsExactlyInAnyOrder(new Gtid(0, 3, 1), new Gtid(2, 1, 4));
    assertThat(history.missing(GtidPosition.parse("5-1-0"))).isEmpty();
    assertThat(BinlogHistory.parse("").missing(GtidPosition.empty())).isEmpty();
    assertThat(BinlogHistory.parse("")).hasToString("(empty)");
  }
}
