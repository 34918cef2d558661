package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import io.weir.cdc.testing.TestingTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpenTransactionTest {

  private static final Gtid GTID = new Gtid(0, 1, 7);
  private static final Delivery.Settings ALL =
      new Delivery.Settings("test", "topic", TableFilter.all(), true, 1 << 20);

  @Test
  @DisplayName(
      "the records of all pieces are the transaction's, once each; only the last piece's carry"
          + " the row total, and the newest row is held back so that some record does")
  void piecesBecomeRecords() {
    var open = new OpenTransaction(GTID, ALL, ResumePoint.at(GtidPosition.empty()));
    List<TransactionPiece> pieces = TestingTransactions.insertsInPieces(GTID, "app", "t", 5, 2);

    List<OpenTransaction.Outgoing> first = open.take(pieces.get(0));
    List<OpenTransaction.Outgoing> rest = new ArrayList<>();
    for (TransactionPiece piece : pieces.subList(1, pieces.size())) {
      rest.addAll(open.take(piece));
    }

    assertThat(first).extracting(o -> o.document().eventNumber()).containsExactly(0, 1);
    assertThat(first).allMatch(o -> o.transactionRows().isEmpty());
    assertThat(rest).extracting(o -> o.document().eventNumber()).containsExactly(2, 3, 4, 5);
    assertThat(rest.getLast().transactionRows()).isEqualTo(OptionalInt.of(5));
  }

  @Test
  @DisplayName("a transaction started over from piece 0 adds only what was not handed on yet")
  void startedOverSendsNothingTwice() {
    var open = new OpenTransaction(GTID, ALL, ResumePoint.at(GtidPosition.empty()));
    List<TransactionPiece> pieces = TestingTransactions.insertsInPieces(GTID, "app", "t", 5, 2);
    List<Integer> sent = new ArrayList<>();
    open.take(pieces.get(0)).forEach(o -> sent.add(o.document().eventNumber()));
    open.take(pieces.get(1)).forEach(o -> sent.add(o.document().eventNumber()));

    for (TransactionPiece piece : pieces) {
      open.take(piece).forEach(o -> sent.add(o.document().eventNumber()));
    }

    assertThat(sent).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  @DisplayName(
      "events already in the topic are skipped; the rest carry the total; filtered tables are"
          + " neither sent nor counted")
  void skipsDeliveredAndFilteredEvents() {
    var settings =
        new Delivery.Settings(
            "test", "topic", new TableFilter(null, Pattern.compile("secret")), false, 1 << 20);
    var resume = new ResumePoint(GtidPosition.parse("0-1-6"), Map.of(GTID, Set.of(1, 2)));
    var open = new OpenTransaction(GTID, settings, resume);

    List<OpenTransaction.Outgoing> out =
        open.take(TestingTransactions.inserts(GTID, "app", "t", 3));

    assertThat(out).extracting(o -> o.document().eventNumber()).containsExactly(3);
    assertThat(out.getFirst().transactionRows()).isEqualTo(OptionalInt.of(3));
    assertThat(
            new OpenTransaction(GTID, settings, resume)
                .take(TestingTransactions.inserts(GTID, "app", "secret", 2)))
        .isEmpty();
  }
}
