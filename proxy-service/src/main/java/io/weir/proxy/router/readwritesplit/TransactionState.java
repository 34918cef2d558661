package io.weir.proxy.router.readwritesplit;

import io.weir.wire.capability.ServerStatus;

/**
 * A session's transaction state as routing needs it. The server's status flags in each reply are
 * the truth; statements that start a transaction set it ahead of their reply so that the statement
 * itself is routed right.
 */
final class TransactionState {
  private boolean open;
  private boolean readOnly;
  private boolean autocommit = true;
  private boolean nextReadOnly;

  boolean open() {
    return open;
  }

  boolean readOnly() {
    return readOnly;
  }

  boolean autocommit() {
    return autocommit;
  }

  /** {@code SET TRANSACTION READ ONLY} without SESSION: the next transaction is read-only. */
  boolean nextReadOnly() {
    return nextReadOnly;
  }

  void nextReadOnly(boolean value) {
    nextReadOnly = value;
  }

  /**
   * The status flags of a completed reply. Returns whether a transaction started with it (for the
   * transaction counters).
   */
  boolean replied(int serverStatus) {
    boolean wasOpen = open;
    open = ServerStatus.SERVER_STATUS_IN_TRANS.isSetIn(serverStatus);
    autocommit = ServerStatus.SERVER_STATUS_AUTOCOMMIT.isSetIn(serverStatus);
    if (open && !wasOpen) {
      readOnly = ServerStatus.SERVER_STATUS_IN_TRANS_READONLY.isSetIn(serverStatus);
      nextReadOnly = false;
      return true;
    }
    if (open) {
      readOnly = readOnly || ServerStatus.SERVER_STATUS_IN_TRANS_READONLY.isSetIn(serverStatus);
    }
    return false;
  }

  /** The connection the transaction ran on is gone, or the session was reset. */
  void reset() {
    open = false;
    readOnly = false;
    autocommit = true;
    nextReadOnly = false;
  }
}
