package io.weir.cdc.event;

/**
 * One MariaDB GTID, {@code domain-server_id-sequence}.
 *
 * @param domain the replication domain
 * @param serverId the server that wrote the transaction
 * @param sequence its sequence number within the domain
 */
public record Gtid(long domain, long serverId, long sequence) {

  /** Reads {@code 0-3000-14}. */
  public static Gtid parse(String text) {
    String[] parts = text.strip().split("-");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a GTID (domain-server_id-sequence)");
    }
    try {
      return new Gtid(
          Long.parseUnsignedLong(parts[0]),
          Long.parseUnsignedLong(parts[1]),
          Long.parseUnsignedLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a GTID (domain-server_id-sequence)");
    }
  }

  @Override
  public String toString() {
    return Long.toUnsignedString(domain)
        + "-"
        + Long.toUnsignedString(serverId)
        + "-"
        + Long.toUnsignedString(sequence);
  }
}
