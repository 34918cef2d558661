package io.weir.cdc.delivery;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a restarted service resumes: the position replication starts after, and the row events of
 * later transactions that are in Kafka already (a transaction a crash left partly delivered, or
 * complete ones after it), which delivery skips so consumers see as few repeats as possible.
 *
 * @param position replication resumes after it
 * @param delivered for transactions after {@code position}, the {@code event_number}s already in
 *     the topic
 */
public record ResumePoint(GtidPosition position, Map<Gtid, Set<Integer>> delivered) {

  public ResumePoint {
    var copy = new HashMap<Gtid, Set<Integer>>();
    delivered.forEach((gtid, events) -> copy.put(gtid, Set.copyOf(events)));
    delivered = Map.copyOf(copy);
  }

  /** Resume after {@code position}, nothing delivered beyond it. */
  public static ResumePoint at(GtidPosition position) {
    return new ResumePoint(position, Map.of());
  }

  /** Whether row event {@code eventNumber} of {@code gtid} is in Kafka already. */
  public boolean delivered(Gtid gtid, int eventNumber) {
    Set<Integer> events = delivered.get(gtid);
    return events != null && events.contains(eventNumber);
  }

  /** No position and nothing delivered: the topic told nothing. */
  public boolean isEmpty() {
    return position.isEmpty() && delivered.isEmpty();
  }
}
