package io.weir.cdc.binlog;

import org.jspecify.annotations.Nullable;

/** Why {@link BinlogChangeSource} stopped for good; its message is meant for an operator. */
public final class FatalReplicationException extends Exception {

  private static final long serialVersionUID = 1L;

  public FatalReplicationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
