package io.weir.cdc.delivery;

import java.util.List;

/**
 * The last records of one partition of the topic.
 *
 * @param partition the partition
 * @param truncated whether older records exist before these: transactions older than the tail may
 *     then have records here that were not read
 * @param events the row events read, in offset order
 */
public record PartitionTail(int partition, boolean truncated, List<DeliveredEvent> events) {
  public PartitionTail {
    events = List.copyOf(events);
  }
}
