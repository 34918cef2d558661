package io.weir.cdc.event;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A replication position: the last GTID per domain, as {@code @@gtid_slave_pos} writes it ({@code
 * 0-3000-14,1-3001-7}). Replication resumes after it.
 *
 * @param byDomain the last GTID of each domain
 */
public record GtidPosition(Map<Long, Gtid> byDomain) {

  public GtidPosition {
    byDomain = Map.copyOf(byDomain);
  }

  /** No position: replicate from the start of the binlogs. */
  public static GtidPosition empty() {
    return new GtidPosition(Map.of());
  }

  /** Reads a comma-separated GTID list; empty text is the empty position. */
  public static GtidPosition parse(String text) {
    Map<Long, Gtid> byDomain = new TreeMap<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        Gtid gtid = Gtid.parse(part);
        if (byDomain.put(gtid.domain(), gtid) != null) {
          throw new IllegalArgumentException(
              "'" + text + "' names domain " + gtid.domain() + " twice");
        }
      }
    }
    return new GtidPosition(byDomain);
  }

  /** The position with {@code gtid} as its domain's last transaction. */
  public GtidPosition with(Gtid gtid) {
    Map<Long, Gtid> next = new TreeMap<>(byDomain);
    next.put(gtid.domain(), gtid);
    return new GtidPosition(next);
  }

  /** The position of each domain's newest GTID among {@code gtids} (by sequence). */
  public static GtidPosition newestOf(Collection<Gtid> gtids) {
    Map<Long, Gtid> byDomain = new TreeMap<>();
    for (Gtid gtid : gtids) {
      byDomain.merge(
          gtid.domain(),
          gtid,
          (a, b) -> Long.compareUnsigned(a.sequence(), b.sequence()) >= 0 ? a : b);
    }
    return new GtidPosition(byDomain);
  }

  /** The last GTID of {@code domain}, if the position has one. */
  public Optional<Gtid> of(long domain) {
    return Optional.ofNullable(byDomain.get(domain));
  }

  public boolean isEmpty() {
    return byDomain.isEmpty();
  }

  @Override
  public String toString() {
    return new TreeMap<>(byDomain)
        .values().stream().map(Gtid::toString).collect(Collectors.joining(","));
  }
}
