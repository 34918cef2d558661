package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.TransactionPiece;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The transaction whose pieces delivery is receiving: turns each piece into the records to send,
 * with the {@code weir.transaction.rows} header where the total is known.
 *
 * <ul>
 *   <li>{@code match}/{@code exclude}/{@code send_schema} are those of the transaction's first
 *       piece, so a change while it streams cannot split it;
 *   <li>documents the reader hands on again (it started the transaction over from piece 0) are
 *       dropped: a row by its event number, a schema record by its table;
 *   <li>row events already in the topic ({@link ResumePoint}) are not sent again;
 *   <li>the total of row events is known only at the last piece, so only the records sent with the
 *       last piece carry it. To be sure some record does, the newest wanted row is held back until
 *       the next one (or the end) comes: the transaction's last row is always sent with its last
 *       piece (so if the topic has it, a record with the total is there). Records of earlier pieces
 *       carry only {@code weir.gtid}, which tells a restart that the transaction was not finished
 *       unless a record with the total is found.
 * </ul>
 */
final class OpenTransaction {

  /** One record to send: a document, and its transaction's row total when known. */
  record Outgoing(ChangeDocument document, OptionalInt transactionRows) {}

  private final Gtid gtid;
  private final Delivery.Settings settings;
  private final ResumePoint resume;
  private int highestEventNumber;
  private final Set<String> schemaTables = new HashSet<>();
  private int wantedRows;
  private @Nullable ChangeDocument heldBack;

  OpenTransaction(Gtid gtid, Delivery.Settings settings, ResumePoint resume) {
    this.gtid = gtid;
    this.settings = settings;
    this.resume = resume;
  }

  Gtid gtid() {
    return gtid;
  }

  /** The records {@code piece} adds, in order; after the last piece the transaction is done. */
  List<Outgoing> take(TransactionPiece piece) {
    List<ChangeDocument> documents = new ArrayList<>();
    for (ChangeDocument document : piece.documents()) {
      if (document.kind() == ChangeDocument.Kind.ROW) {
        if (document.eventNumber() <= highestEventNumber) {
          continue; // handed on again after the reader started the transaction over
        }
        highestEventNumber = document.eventNumber();
        if (!wanted(document)) {
          continue;
        }
        wantedRows++;
        ChangeDocument previous = heldBack;
        heldBack = document;
        if (previous != null && !resume.delivered(gtid, previous.eventNumber())) {
          documents.add(previous);
        }
      } else if (schemaTables.add(document.database() + "\u0000" + document.table())
          && settings.sendSchema()
          && wanted(document)) {
        documents.add(document);
      }
    }
    OptionalInt total = OptionalInt.empty();
    if (piece.last()) {
      ChangeDocument last = heldBack;
      // in the topic already, it went there with a last piece: the total is there too
      if (last != null && !resume.delivered(gtid, last.eventNumber())) {
        documents.add(last);
      }
      heldBack = null;
      total = OptionalInt.of(wantedRows);
    }
    List<Outgoing> outgoing = new ArrayList<>(documents.size());
    for (ChangeDocument document : documents) {
      outgoing.add(new Outgoing(document, total));
    }
    return outgoing;
  }

  private boolean wanted(ChangeDocument document) {
    return settings.filter().accepts(document.database(), document.table());
  }
}
