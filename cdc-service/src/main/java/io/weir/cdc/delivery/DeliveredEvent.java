package io.weir.cdc.delivery;

import io.weir.cdc.event.Gtid;
import java.util.OptionalInt;

/**
 * A row event found in the topic.
 *
 * @param gtid its transaction ({@code domain}, {@code server_id}, {@code sequence})
 * @param eventNumber its {@code event_number}
 * @param transactionRows how many row events its transaction sent, from Weir's record header; empty
 *     for records written without it (by MaxScale), whose transactions count as complete
 */
public record DeliveredEvent(Gtid gtid, int eventNumber, OptionalInt transactionRows) {}
