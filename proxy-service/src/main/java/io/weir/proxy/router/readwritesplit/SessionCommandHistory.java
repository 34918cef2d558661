package io.weir.proxy.router.readwritesplit;

import io.weir.wire.command.Command;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session commands a session ran, in order, so that a connection opened later can be brought to
 * the same state ({@code max_sescmd_history}, {@code disable_sescmd_history}, {@code
 * prune_sescmd_history}).
 *
 * <p>A command identical to an earlier one is stored once, at the place of its latest run: {@code
 * SET @a=1; SET @a=2; SET @a=1} replays as {@code SET @a=2; SET @a=1}, which leaves the same state.
 * Past the limit (0 is no limit) the history either drops its oldest command (pruning) or stops,
 * after which lost connections are no longer replaced.
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

  private final Map<Key, Entry> entries = new LinkedHashMap<>();
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
    Entry entry = new Entry(payload, command, statementId);
    // the latest run's place: remove, then put at the end
    entries.remove(key);
    entries.put(key, entry);
    if (limit > 0 && entries.size() > limit) {
      if (prune) {
        Iterator<Key> oldest = entries.keySet().iterator();
        oldest.next();
        oldest.remove();
      } else {
        enabled = false;
        entries.clear();
      }
    }
    return entry;
  }

  /** A closed prepared statement needs no replay. */
  void forgetStatement(int statementId) {
    entries.values().removeIf(entry -> entry.statementId() == statementId);
  }

  /** COM_RESET_CONNECTION: the state the history rebuilt is gone on every connection. */
  void clear() {
    entries.clear();
  }

  /** The commands to replay, oldest first. */
  List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  int size() {
    return entries.size();
  }
}
