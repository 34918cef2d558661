package io.weir.proxy.router.readwritesplit;

import io.weir.wire.command.Command;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The session commands a session ran, in order, so that a connection opened later can be brought to
 * the same state ({@code max_sescmd_history}, {@code disable_sescmd_history}, {@code
 * prune_sescmd_history}).
 *
 * <p>Every run is kept, in order: {@code SET @a=@a+1} twice must replay twice, and {@code
 * SET @b=@a} must replay where it ran. A command identical to an earlier one shares its bytes
 * (MaxScale stores "references to the original command"), and the limit counts distinct commands,
 * as MaxScale's does. Past it (0 is no limit) the history either drops its oldest runs until it is
 * under the limit again (pruning) or stops, after which lost connections are no longer replaced. So
 * that a pooled connection repeating one command for ever cannot grow it without bound, runs count
 * against {@value #RUNS_PER_DISTINCT} times the limit too.
 */
final class SessionCommandHistory {

  /**
   * One recorded command.
   *
   * @param payload the command packet's payload as the client sent it
   * @param command its command byte
   * @param statementId for COM_STMT_PREPARE, the client's id of the statement; 0 otherwise
   */
  static final class Entry {
    private final byte[] payload;
    private final Command command;
    private final int statementId;
    private boolean ok = true;

    Entry(byte[] payload, Command command, int statementId) {
      this.payload = payload;
      this.command = command;
      this.statementId = statementId;
    }

    byte[] payload() {
      return payload;
    }

    Command command() {
      return command;
    }

    int statementId() {
      return statementId;
    }

    /** Whether the command succeeded where it first ran; a replay must agree. */
    boolean ok() {
      return ok;
    }

    void ok(boolean succeeded) {
      this.ok = succeeded;
    }
  }

  private record Key(byte[] payload, int statementId) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && key.statementId == statementId
          && Arrays.equals(key.payload, payload);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload) * 31 + statementId;
    }
  }

  static final int RUNS_PER_DISTINCT = 20;

  private final java.util.ArrayDeque<Entry> runs = new java.util.ArrayDeque<>();
  // distinct commands: their shared bytes and how many runs refer to them
  private final Map<Key, byte[]> distinct = new java.util.HashMap<>();
  private final Map<Key, Integer> references = new java.util.HashMap<>();
  private final int limit;
  private final boolean prune;
  private boolean enabled;

  SessionCommandHistory(ReadWriteSplitSettings settings) {
    this.limit = settings.maxSessionCommandHistory();
    this.prune = settings.pruneSessionCommandHistory();
    this.enabled = !settings.disableSessionCommandHistory();
  }

  /**
   * Whether the history still records everything: a connection opened now can be brought to the
   * session's state.
   */
  boolean complete() {
    return enabled;
  }

  /**
   * Records a command before it runs. When the history is off the entry is returned but not kept,
   * so the caller treats both cases alike.
   */
  Entry record(byte[] payload, Command command, int statementId) {
    if (!enabled) {
      return new Entry(payload, command, statementId);
    }
    Key key = new Key(payload, statementId);
    byte[] shared = distinct.computeIfAbsent(key, k -> payload);
    references.merge(key, 1, Integer::sum);
    Entry entry = new Entry(shared, command, statementId);
    runs.addLast(entry);
    if (limit > 0 && (distinct.size() > limit || runs.size() > (long) limit * RUNS_PER_DISTINCT)) {
      if (prune) {
        while (distinct.size() > limit || runs.size() > (long) limit * RUNS_PER_DISTINCT) {
          forgetRun(runs.removeFirst());
        }
      } else {
        enabled = false;
        clear();
      }
    }
    return entry;
  }

  private void forgetRun(Entry run) {
    Key key = new Key(run.payload(), run.statementId());
    Integer left = references.merge(key, -1, Integer::sum);
    if (left == null || left <= 0) {
      references.remove(key);
      distinct.remove(key);
    }
  }

  /** A closed prepared statement needs no replay. */
  void forgetStatement(int statementId) {
    runs.removeIf(
        run -> {
          if (run.statementId() != statementId) {
            return false;
          }
          forgetRun(run);
          return true;
        });
  }

  /** COM_RESET_CONNECTION: the state the history rebuilt is gone on every connection. */
  void clear() {
    runs.clear();
    distinct.clear();
    references.clear();
  }

  /** The commands to replay, oldest first. */
  List<Entry> entries() {
    return new ArrayList<>(runs);
  }

  /** Distinct commands kept. */
  int size() {
    return distinct.size();
  }
}
