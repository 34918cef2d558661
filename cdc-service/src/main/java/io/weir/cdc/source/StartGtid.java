package io.weir.cdc.source;

import io.weir.cdc.event.GtidPosition;

/**
 * The {@code gtid} parameter of a kafkacdc service: where replication starts when neither Kafka nor
 * the local state holds a position.
 */
public sealed interface StartGtid {

  /** Unset: from the start of the oldest binlog. */
  record Beginning() implements StartGtid {
    @Override
    public String toString() {
      return "gtid unset: the start of the binlogs";
    }
  }

  /**
   * A GTID list such as {@code 0-3000-14,1-3001-7}: replication resumes after it.
   *
   * @param position the list
   */
  record Listed(GtidPosition position) implements StartGtid {
    @Override
    public String toString() {
      return "gtid=" + position;
    }
  }

  /** {@code newest}: the primary's {@code @@gtid_binlog_pos} at start. */
  record Newest() implements StartGtid {
    @Override
    public String toString() {
      return "gtid=newest";
    }
  }

  /** {@code oldest}: the first transaction of the oldest binlog the primary still has. */
  record Oldest() implements StartGtid {
    @Override
    public String toString() {
      return "gtid=oldest";
    }
  }

  /**
   * Reads the parameter's text.
   *
   * @throws IllegalArgumentException saying what a valid value looks like
   */
  static StartGtid parse(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      return new Beginning();
    }
    if (value.equals("newest")) {
      return new Newest();
    }
    if (value.equals("oldest")) {
      return new Oldest();
    }
    try {
      return new Listed(GtidPosition.parse(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + "; expected a GTID list such as 0-3000-14,1-3001-7, newest or oldest",
          e);
    }
  }
}
