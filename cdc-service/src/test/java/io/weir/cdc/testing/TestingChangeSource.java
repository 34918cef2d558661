package io.weir.cdc.testing;

import io.weir.cdc.event.ChangeSource;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Test code, not a binlog reader: replays a list of transaction pieces that stands for the binlog.
 * Like a reader it skips the transactions the start position covers, hands on the rest's pieces in
 * order on a thread of its own, and then waits for pieces the test appends to the list.
 */
public final class TestingChangeSource implements ChangeSource {

  private final List<TransactionPiece> binlog;
  private volatile @Nullable GtidPosition startedAfter;
  private @Nullable Thread thread;

  /**
   * @param binlog the transactions' pieces, in commit order; appending to it later is seen
   */
  public TestingChangeSource(CopyOnWriteArrayList<TransactionPiece> binlog) {
    this.binlog = binlog;
  }

  @Override
  public synchronized void start(
      GtidPosition position, TransactionSink sink, FailureListener failures) {
    startedAfter = position;
    thread =
        Thread.ofPlatform()
            .name("testing-change-source")
            .daemon()
            .start(
                () -> {
                  int next = 0;
                  try {
                    while (!Thread.currentThread().isInterrupted()) {
                      if (next < binlog.size()) {
                        TransactionPiece piece = binlog.get(next++);
                        if (after(piece.gtid(), position)) {
                          sink.accept(piece);
                        }
                      } else {
                        Thread.sleep(10);
                      }
                    }
                  } catch (InterruptedException e) {
                    // closed
                  } catch (RuntimeException e) {
                    failures.failed(e);
                  }
                });
  }

  private static boolean after(Gtid gtid, GtidPosition position) {
    return position.of(gtid.domain()).map(last -> gtid.sequence() > last.sequence()).orElse(true);
  }

  /** The position it was started after, or null before start. */
  public @Nullable GtidPosition startedAfter() {
    return startedAfter;
  }

  @Override
  public synchronized void close() {
    Thread running = thread;
    if (running != null) {
      running.interrupt();
      try {
        running.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }
}
