package io.weir.cdc.delivery;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where to resume, from the last records of every partition of the topic. Per domain:
 *
 * <ul>
 *   <li>a transaction is complete when every one of its row events is in the topic (Weir writes
 *       their number into the header of each record sent with the transaction's last piece); one
 *       crash can leave several recent transactions partly written, on any partition. Weir records
 *       none of which carries the number belong to a transaction whose last piece never reached
 *       Kafka: it is partial;
 *   <li>with no partial transaction the position is the newest transaction; otherwise it is the
 *       newest complete transaction older than the oldest partial one, and the events already in
 *       the topic of every transaction after it are listed so that delivery skips them;
 *   <li>records older than a truncated partition's tail are unknown, so transactions not newer than
 *       the oldest one a truncated tail shows are not judged partial (their other records, or the
 *       start of that transaction, may sit in the part not read). The oldest one itself is partial
 *       when no record shows its total: its last piece comes after every earlier record of it in
 *       each partition, so a tail that shows any of its records would show that piece's.
 * </ul>
 */
public final class TopicPositions {

  private TopicPositions() {}

  /** The resume point the tails show; empty when they hold no row event. */
  public static ResumePoint resumePoint(List<PartitionTail> tails) {
    Map<Long, Map<Gtid, Seen>> byDomain = new TreeMap<>();
    Map<Long, Long> judgedFrom = new HashMap<>();
    for (PartitionTail tail : tails) {
      Map<Long, Long> oldestHere = new HashMap<>();
      for (DeliveredEvent event : tail.events()) {
        Gtid gtid = event.gtid();
        byDomain
            .computeIfAbsent(gtid.domain(), d -> new HashMap<>())
            .computeIfAbsent(gtid, g -> new Seen(g))
            .add(event);
        oldestHere.merge(gtid.domain(), gtid.sequence(), Math::min);
      }
      if (tail.truncated()) {
        oldestHere.forEach((domain, oldest) -> judgedFrom.merge(domain, oldest, Math::max));
      }
    }
    GtidPosition position = GtidPosition.empty();
    Map<Gtid, Set<Integer>> delivered = new HashMap<>();
    for (var entry : byDomain.entrySet()) {
      long domain = entry.getKey();
      List<Seen> transactions = new ArrayList<>(entry.getValue().values());
      transactions.sort(Comparator.comparingLong(seen -> seen.gtid.sequence()));
      long from = judgedFrom.getOrDefault(domain, Long.MIN_VALUE);
      Optional<Seen> oldestPartial =
          transactions.stream()
              .filter(
                  seen ->
                      (seen.gtid.sequence() > from && !seen.complete())
                          || (seen.gtid.sequence() == from && seen.unfinished()))
              .findFirst();
      if (oldestPartial.isEmpty()) {
        position = position.with(transactions.getLast().gtid);
        continue;
      }
      Gtid partial = oldestPartial.get().gtid;
      Optional<Gtid> resumeAfter =
          transactions.stream()
              .map(seen -> seen.gtid)
              .filter(gtid -> gtid.sequence() < partial.sequence())
              .reduce((older, newer) -> newer);
      Gtid after = resumeAfter.orElse(new Gtid(domain, partial.serverId(), partial.sequence() - 1));
      if (after.sequence() > 0) {
        position = position.with(after);
      }
      for (Seen seen : transactions) {
        if (seen.gtid.sequence() > after.sequence()) {
          delivered.put(seen.gtid, seen.events);
        }
      }
    }
    return new ResumePoint(position, delivered);
  }

  /** One transaction's row events found in the tails. */
  private static final class Seen {
    private final Gtid gtid;
    private final Set<Integer> events = new HashSet<>();
    private OptionalInt rows = OptionalInt.empty();
    private boolean fromWeir;

    Seen(Gtid gtid) {
      this.gtid = gtid;
    }

    void add(DeliveredEvent event) {
      events.add(event.eventNumber());
      if (event.transactionRows().isPresent()) {
        rows = event.transactionRows();
      }
      fromWeir |= event.fromWeir();
    }

    /** Weir wrote it and no record sent with its last piece is there. */
    boolean unfinished() {
      return fromWeir && rows.isEmpty();
    }

    boolean complete() {
      if (rows.isEmpty()) {
        return !fromWeir; // MaxScale's records say nothing: complete, as MaxScale counts them
      }
      return events.size() >= rows.getAsInt();
    }
  }
}
