package io.weir.cdc.delivery;

/**
 * The byte bound between the binlog reader and Kafka: bytes of records handed to the producer and
 * not yet acknowledged. The reader's thread blocks in {@link #acquire} while the bound is reached,
 * which holds replication back instead of buffering without limit. One record is always admitted
 * when nothing is in flight, so a record larger than the bound still goes through.
 */
final class InFlightBudget {

  private final long capacity;
  private long used;

  InFlightBudget(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("the in-flight limit must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Waits until {@code bytes} fit, then takes them. */
  synchronized void acquire(long bytes) throws InterruptedException {
    while (used > 0 && used + bytes > capacity) {
      wait();
    }
    used += bytes;
  }

  /** Gives back what an acknowledged (or failed) record took. */
  synchronized void release(long bytes) {
    used -= bytes;
    notifyAll();
  }

  /** Bytes in flight now. */
  synchronized long used() {
    return used;
  }
}
