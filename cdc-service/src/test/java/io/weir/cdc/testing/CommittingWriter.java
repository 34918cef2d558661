package io.weir.cdc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Commits transactions one after the other on its own thread, on whichever server {@code primary}
 * names at the time: every other one a single-row INSERT, the others three INSERTs and an UPDATE of
 * one of them (five row events). It remembers each committed transaction's GTID (its session's
 * {@code last_gtid}) and row events.
 *
 * <p>When its server goes away (killed) it remembers the transaction it did not see committed as in
 * doubt (a commit acknowledged to nobody may still have been logged) and connects again to the
 * primary of the moment every 100 ms, so it goes on writing after a promotion. Row ids are never
 * reused.
 */
public final class CommittingWriter {

  /** Orders keys {@code d-s-n:e} by sequence, then event number: commit order within a domain. */
  public static final Comparator<String> COMMIT_ORDER =
      Comparator.<String>comparingLong(CommittingWriter::sequenceOf)
          .thenComparingInt(key -> Integer.parseInt(key.substring(key.indexOf(':') + 1)));

  /** A row event the writer committed: its type and the row's id. */
  public record RowEvent(String type, int id) {}

  /**
   * A transaction whose commit the writer did not see acknowledged.
   *
   * @param previousGtid the GTID of the transaction the writer committed just before it, if any:
   *     had it committed, it would be the next sequence number of that domain and server
   * @param events its row events
   */
  public record InDoubt(@Nullable String previousGtid, List<RowEvent> events) {}

  private final Supplier<MariaDbServer> primary;
  private final String table;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, List<RowEvent>> committed = new LinkedHashMap<>();
  private final List<InDoubt> inDoubt = new ArrayList<>();
  private final Thread thread;
  private volatile @Nullable Exception failure;
  private volatile int lostConnections;

  /**
   * @param primary the server to write to, asked again after each lost connection
   * @param table {@code app.<table>} with columns {@code id INT PRIMARY KEY, name VARCHAR(40)}
   */
  public CommittingWriter(Supplier<MariaDbServer> primary, String table) {
    this.primary = primary;
    this.table = table;
    this.thread = Thread.ofPlatform().name("writer").unstarted(this::write);
  }

  public void start() {
    thread.start();
  }

  private void write() {
    int id = 0;
    @Nullable String lastGtid = null;
    while (running.get()) {
      List<RowEvent> pending = null;
      try (Connection connection = primary.get().connect(Credentials.ADMIN);
          Statement statement = connection.createStatement()) {
        connection.setAutoCommit(false);
        for (int n = 0; running.get(); n++) {
          List<RowEvent> events = new ArrayList<>();
          pending = events;
          int first = id + 1;
          if (n % 2 == 0) {
            id += 1;
            events.add(new RowEvent("insert", first));
            statement.execute("INSERT INTO app." + table + " VALUES (" + first + ", 'single')");
          } else {
            id += 3;
            for (int i = 0; i < 3; i++) {
              events.add(new RowEvent("insert", first + i));
            }
            events.add(new RowEvent("update_before", first));
            events.add(new RowEvent("update_after", first));
            statement.execute(
                "INSERT INTO app."
                    + table
                    + " VALUES ("
                    + first
                    + ", 'a'), ("
                    + (first + 1)
                    + ", 'b'), ("
                    + (first + 2)
                    + ", 'c')");
            statement.execute("UPDATE app." + table + " SET name = 'updated' WHERE id = " + first);
          }
          connection.commit();
          try (ResultSet gtid = statement.executeQuery("SELECT @@last_gtid")) {
            gtid.next();
            lastGtid = gtid.getString(1);
          }
          synchronized (this) {
            committed.put(lastGtid, events);
          }
          pending = null;
          Thread.sleep(15);
        }
      } catch (SQLException e) {
        lostConnections++;
        synchronized (this) {
          if (pending != null) {
            inDoubt.add(new InDoubt(lastGtid, List.copyOf(pending)));
          }
        }
        if (!pause()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        failure = e;
        return;
      }
    }
  }

  private boolean pause() {
    try {
      Thread.sleep(100);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops after the transaction in progress and waits for the thread. */
  public void stopAndAwait() throws InterruptedException {
    running.set(false);
    thread.join();
    assertThat(failure).as("the writer's failure").isNull();
  }

  /** The committed transactions by GTID, in commit order. */
  public synchronized Map<String, List<RowEvent>> committed() {
    return new LinkedHashMap<>(committed);
  }

  /** The transactions whose commit the writer did not see acknowledged. */
  public synchronized List<InDoubt> inDoubt() {
    return List.copyOf(inDoubt);
  }

  /** How often the writer lost its connection. */
  public int lostConnections() {
    return lostConnections;
  }

  /** Each row event of {@code transactions} by its key {@code domain-server_id-sequence:event}. */
  public static Map<String, RowEvent> eventsByKey(Map<String, List<RowEvent>> transactions) {
    Map<String, RowEvent> byKey = new HashMap<>();
    transactions.forEach(
        (gtid, events) -> {
          for (int i = 0; i < events.size(); i++) {
            byKey.put(gtid + ":" + (i + 1), events.get(i));
          }
        });
    return byKey;
  }

  /** The sequence number of a key {@code d-s-n:e} or GTID {@code d-s-n}. */
  public static long sequenceOf(String keyOrGtid) {
    int end = keyOrGtid.indexOf(':');
    return Long.parseLong(
        keyOrGtid.substring(keyOrGtid.lastIndexOf('-') + 1, end < 0 ? keyOrGtid.length() : end));
  }
}
