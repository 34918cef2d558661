package io.weir.cdc.delivery;

import io.weir.cdc.event.Gtid;
import java.util.OptionalInt;

/**
 * A row event found in the topic.
 *
 * @param gtid its transaction ({@code domain}, {@code server_id}, {@code sequence})
 * @param eventNumber its {@code event_number}
 * @param transactionRows how many row events its transaction sent, from Weir's record header; empty
 *     for records sent before the transaction's last piece, and for records written without Weir's
 *     headers (by MaxScale)
 * @param fromWeir whether Weir wrote it ({@code weir.gtid} header): a transaction whose Weir
 *     records all lack the total was not finished; one written by MaxScale counts as complete
 */
public record DeliveredEvent(
    Gtid gtid, int eventNumber, OptionalInt transactionRows, boolean fromWeir) {

  /** A record as Weir writes it with its transaction's last piece, carrying the total. */
  public static DeliveredEvent withTotal(Gtid gtid, int eventNumber, int transactionRows) {
    return new DeliveredEvent(gtid, eventNumber, OptionalInt.of(transactionRows), true);
  }
}
