package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckpointTrackerTest {

  private static final Instant COMMITTED = Instant.ofEpochSecond(1_700_000_000);

  private final List<GtidPosition> advances = new ArrayList<>();
  private final CheckpointTracker tracker =
      new CheckpointTracker(GtidPosition.parse("0-1-10"), (position, at) -> advances.add(position));

  @Test
  @DisplayName("a transaction is checkpointed only once every one of its records is acknowledged")
  void waitsForEveryRecord() {
    var first = tracker.register(new Gtid(0, 1, 11), COMMITTED, 3);

    tracker.acknowledged(first);
    tracker.acknowledged(first);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-10"));

    tracker.acknowledged(first);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-11"));
    assertThat(advances).containsExactly(GtidPosition.parse("0-1-11"));
  }

  @Test
  @DisplayName(
      "a transaction in pieces is not checkpointed while its last piece is missing, even with"
          + " every record so far acknowledged")
  void waitsForTheLastPiece() {
    var open = tracker.begin(new Gtid(0, 1, 11));
    tracker.added(open, 2);
    tracker.acknowledged(open);
    tracker.acknowledged(open);
    var next = tracker.register(new Gtid(0, 1, 12), COMMITTED, 0);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-10"));

    tracker.added(open, 1);
    tracker.seal(open, COMMITTED);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-10"));

    tracker.acknowledged(open);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-12"));
    assertThat(next.gtid()).isEqualTo(new Gtid(0, 1, 12));
  }

  @Test
  @DisplayName(
      "a later transaction acknowledged first waits for the earlier ones (other partitions)")
  void laterTransactionsWaitForEarlierOnes() {
    var first = tracker.register(new Gtid(0, 1, 11), COMMITTED, 2);
    var second = tracker.register(new Gtid(0, 1, 12), COMMITTED, 1);

    tracker.acknowledged(second);
    tracker.acknowledged(first);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-10"));

    tracker.acknowledged(first);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-12"));
    assertThat(tracker.pendingTransactions()).isZero();
  }

  @Test
  void aTransactionWithoutRecordsIsCheckpointedWhenItsTurnComes() {
    var first = tracker.register(new Gtid(0, 1, 11), COMMITTED, 1);
    tracker.register(new Gtid(0, 1, 12), COMMITTED, 0);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-10"));

    tracker.acknowledged(first);
    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-12"));
  }

  @Test
  void domainsAdvanceTogetherInCommitOrder() {
    var a = tracker.register(new Gtid(0, 1, 11), COMMITTED, 1);
    var b = tracker.register(new Gtid(1, 2, 5), COMMITTED, 1);

    tracker.acknowledged(b);
    tracker.acknowledged(a);

    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-11,1-2-5"));
  }

  @Test
  @DisplayName("after a failed record the checkpoint never moves again")
  void aFailureFreezesTheCheckpoint() {
    var first = tracker.register(new Gtid(0, 1, 11), COMMITTED, 2);
    var second = tracker.register(new Gtid(0, 1, 12), COMMITTED, 1);

    tracker.acknowledged(first);
    tracker.failed(first, new IllegalStateException("record too large"));
    tracker.acknowledged(second);

    assertThat(tracker.position()).isEqualTo(GtidPosition.parse("0-1-10"));
    assertThat(tracker.failure()).hasMessage("record too large");
  }
}
