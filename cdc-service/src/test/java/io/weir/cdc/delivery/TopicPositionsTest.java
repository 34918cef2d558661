package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopicPositionsTest {

  @Test
  void anEmptyTopicGivesNoPosition() {
    assertThat(TopicPositions.resumePoint(List.of(tail(0, false), tail(1, false))).isEmpty())
        .isTrue();
  }

  @Test
  @DisplayName("complete transactions spread over partitions: the newest one")
  void newestCompleteTransactionAcrossPartitions() {
    var p0 = tail(0, false, event(0, 1, 1, 1, 2), event(0, 1, 2, 2, 2));
    var p1 = tail(1, false, event(0, 1, 1, 2, 2), event(0, 1, 2, 1, 2));

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-2"));
    assertThat(point.delivered()).isEmpty();
  }

  @Test
  @DisplayName(
      "a transaction a crash cut short: resume before it and skip its events already delivered")
  void partialTransactionResumesFromThePreviousOne() {
    var p0 = tail(0, false, event(0, 1, 4, 1, 1), event(0, 1, 5, 1, 3));
    var p1 = tail(1, false, event(0, 1, 5, 3, 3));

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-4"));
    assertThat(point.delivered()).isEqualTo(Map.of(new Gtid(0, 1, 5), Set.of(1, 3)));
    assertThat(point.delivered(new Gtid(0, 1, 5), 2)).isFalse();
  }

  @Test
  @DisplayName(
      "a complete transaction after a partial one is resent from before the partial one,"
          + " all its events skipped")
  void completeTransactionAfterAPartialOne() {
    var p0 = tail(0, false, event(0, 1, 4, 1, 1), event(0, 1, 5, 1, 2), event(0, 1, 6, 1, 1));
    var p1 = tail(1, false);

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-4"));
    assertThat(point.delivered())
        .isEqualTo(Map.of(new Gtid(0, 1, 5), Set.of(1), new Gtid(0, 1, 6), Set.of(1)));
  }

  @Test
  @DisplayName("each domain has its own position; a partial transaction holds back only its domain")
  void severalDomains() {
    var p0 = tail(0, false, event(0, 1, 7, 1, 1), event(1, 2, 30, 1, 2), event(2, 3, 9, 1, 1));
    var p1 = tail(1, false, event(0, 1, 8, 1, 1), event(1, 2, 31, 1, 1));

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-8,1-2-29,2-3-9"));
    assertThat(point.delivered())
        .isEqualTo(Map.of(new Gtid(1, 2, 30), Set.of(1), new Gtid(1, 2, 31), Set.of(1)));
  }

  @Test
  @DisplayName("a partial transaction whose predecessor is not in the tail resumes just before it")
  void partialTransactionWithoutPredecessor() {
    ResumePoint point = TopicPositions.resumePoint(List.of(tail(0, false, event(0, 1, 12, 2, 2))));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-11"));
    assertThat(point.delivered()).isEqualTo(Map.of(new Gtid(0, 1, 12), Set.of(2)));
  }

  @Test
  @DisplayName("records older than a truncated partition's tail are not judged partial")
  void truncatedTailsDoNotMakeOldTransactionsPartial() {
    // partition 1 holds only the newest records; transaction 3's other event is older than its
    // tail, so the one event seen in partition 0 says nothing
    var p0 = tail(0, false, event(0, 1, 3, 1, 2), event(0, 1, 9, 1, 1));
    var p1 = tail(1, true, event(0, 1, 8, 1, 1), event(0, 1, 10, 1, 1));

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-10"));
  }

  @Test
  @DisplayName(
      "a transaction sent in pieces whose last piece never arrived is partial: its records carry"
          + " no total")
  void transactionWithoutItsLastPieceIsPartial() {
    var p0 = tail(0, false, event(0, 1, 4, 1, 1), piece(0, 1, 5, 1), piece(0, 1, 5, 3));
    var p1 = tail(1, false, piece(0, 1, 5, 2));

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-4"));
    assertThat(point.delivered()).isEqualTo(Map.of(new Gtid(0, 1, 5), Set.of(1, 2, 3)));
  }

  @Test
  @DisplayName(
      "records of earlier pieces and of the last piece together: complete when every event is"
          + " there")
  void transactionWithItsLastPieceIsComplete() {
    var p0 = tail(0, false, piece(0, 1, 5, 1), event(0, 1, 5, 3, 3));
    var p1 = tail(1, false, piece(0, 1, 5, 2));

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-5"));
    assertThat(point.delivered()).isEmpty();
  }

  @Test
  @DisplayName(
      "a large unfinished transaction filling a truncated tail is still partial: its last piece"
          + " would be in the tail")
  void unfinishedTransactionAtTheStartOfATruncatedTail() {
    var p0 = tail(0, true, piece(0, 1, 7, 1000), piece(0, 1, 7, 1001));
    var p1 = tail(1, false, event(0, 1, 6, 1, 1));

    ResumePoint point = TopicPositions.resumePoint(List.of(p0, p1));

    assertThat(point.position()).isEqualTo(GtidPosition.parse("0-1-6"));
    assertThat(point.delivered()).isEqualTo(Map.of(new Gtid(0, 1, 7), Set.of(1000, 1001)));
  }

  @Test
  @DisplayName("records without Weir's header (written by MaxScale) count as complete")
  void recordsWithoutHeaderAreComplete() {
    var p0 =
        tail(
            0,
            false,
            new DeliveredEvent(new Gtid(0, 3000, 20), 1, OptionalInt.empty(), false),
            new DeliveredEvent(new Gtid(0, 3000, 21), 1, OptionalInt.empty(), false));

    assertThat(TopicPositions.resumePoint(List.of(p0)).position())
        .isEqualTo(GtidPosition.parse("0-3000-21"));
  }

  private static DeliveredEvent event(
      long domain, long serverId, long sequence, int eventNumber, int rows) {
    return DeliveredEvent.withTotal(new Gtid(domain, serverId, sequence), eventNumber, rows);
  }

  /** A record sent before its transaction's last piece: Weir's, without the total. */
  private static DeliveredEvent piece(long domain, long serverId, long sequence, int eventNumber) {
    return new DeliveredEvent(
        new Gtid(domain, serverId, sequence), eventNumber, OptionalInt.empty(), true);
  }

  private static PartitionTail tail(int partition, boolean truncated, DeliveredEvent... events) {
    return new PartitionTail(partition, truncated, new ArrayList<>(List.of(events)));
  }
}
