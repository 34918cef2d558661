package io.weir.proxy.router.readwritesplit;

import static io.weir.sql.classify.QueryType.BEGIN_TRX;
import static io.weir.sql.classify.QueryType.CALL;
import static io.weir.sql.classify.QueryType.GSYSVAR_READ;
import static io.weir.sql.classify.QueryType.GSYSVAR_WRITE;
import static io.weir.sql.classify.QueryType.MASTER_READ;
import static io.weir.sql.classify.QueryType.READ;
import static io.weir.sql.classify.QueryType.READ_ONLY;
import static io.weir.sql.classify.QueryType.READ_WRITE;
import static io.weir.sql.classify.QueryType.SESSION_WRITE;
import static io.weir.sql.classify.QueryType.SHOW_DIAGNOSTICS;
import static io.weir.sql.classify.QueryType.SYSVAR_READ;
import static io.weir.sql.classify.QueryType.USERVAR_READ;
import static io.weir.sql.classify.QueryType.USERVAR_WRITE;
import static io.weir.sql.classify.QueryType.WRITE;

/**
 * readwritesplit's routing decision for one classified statement, as MaxScale documents it (see
 * "Readwritesplit routing decisions"). Pure: the session applies the consequences.
 */
final class RoutingRules {
  private RoutingRules() {}

  /**
   * Where a statement goes.
   *
   * @param mask the statement's {@link io.weir.sql.classify.QueryType} bits
   * @param multiStatement whether the text holds several statements
   * @param touchesTemporaryTable whether it names a temporary table of the session
   * @param lockedToMaster whether {@code strict_multi_stmt} or {@code strict_sp_calls} already
   *     pinned the session to the master
   */
  static Destination route(
      long mask,
      boolean multiStatement,
      boolean touchesTemporaryTable,
      boolean lockedToMaster,
      TransactionState transaction,
      ReadWriteSplitSettings settings) {
    if (multiStatement) {
      if (isSessionCommand(mask)) {
        // only session changes and reads: every connection must see the changes
        return Destination.ALL;
      }
      // its parts cannot be split and any may write: the master runs them all, unless a
      // transaction holds the session where it is
      return transaction.open() ? Destination.TRANSACTION : Destination.MASTER;
    }
    if (isSessionCommand(mask)) {
      if (settings.variablesOnMaster() && USERVAR_WRITE.in(mask) && READ.in(mask)) {
        // user variables live only on the master, so a read that sets one runs there alone
        return Destination.MASTER;
      }
      return Destination.ALL;
    }
    if (lockedToMaster) {
      return Destination.MASTER;
    }
    if (SHOW_DIAGNOSTICS.in(mask)) {
      return Destination.LAST;
    }
    if (transaction.open()) {
      return Destination.TRANSACTION;
    }
    if (BEGIN_TRX.in(mask)) {
      boolean readOnly = READ_ONLY.in(mask) || (transaction.nextReadOnly() && !READ_WRITE.in(mask));
      return readOnly && !WRITE.in(mask) ? Destination.SLAVE : Destination.MASTER;
    }
    if (!transaction.autocommit()) {
      return Destination.MASTER;
    }
    if (WRITE.in(mask) || MASTER_READ.in(mask) || CALL.in(mask) || GSYSVAR_WRITE.in(mask)) {
      return Destination.MASTER;
    }
    if (touchesTemporaryTable) {
      return Destination.MASTER;
    }
    if (settings.variablesOnMaster()
        && (USERVAR_READ.in(mask) || SYSVAR_READ.in(mask) || GSYSVAR_READ.in(mask))) {
      return Destination.MASTER;
    }
    return READ.in(mask) ? Destination.SLAVE : Destination.MASTER;
  }

  /**
   * A statement that only changes session state: it must run on every connection. A write that also
   * assigns a variable is not one; it runs on the master alone.
   */
  static boolean isSessionCommand(long mask) {
    return SESSION_WRITE.in(mask) && !WRITE.in(mask) && !GSYSVAR_WRITE.in(mask);
  }
}
