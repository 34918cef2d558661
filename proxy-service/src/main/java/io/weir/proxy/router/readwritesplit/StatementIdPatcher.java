package io.weir.proxy.router.readwritesplit;

import io.netty.buffer.ByteBuf;

/**
 * Rewrites the statement id in a COM_STMT_PREPARE reply while it is relayed, so the client sees the
 * session's own id rather than the server's (each of the session's servers has its own). The reply
 * is relayed untouched otherwise, in whatever pieces it arrives; the id sits at bytes 5 to 8 of the
 * reply (after the 4-byte packet header and the 0x00 OK marker). An error reply is left alone.
 */
final class StatementIdPatcher {
  private static final int MARKER = 4;
  private static final int ID_END = 9;

  private final int clientId;
  private int position;
  private boolean active = true;
  private long originalId;

  StatementIdPatcher(int clientId) {
    this.clientId = clientId;
  }

  /** The server's id that was replaced, once all four bytes went by; -1 before or for an error. */
  long originalId() {
    return position >= ID_END ? originalId : -1;
  }

  /** Patches what of bytes 4 to 8 of the reply falls in {@code bytes}; false once done. */
  boolean patch(ByteBuf bytes) {
    if (!active) {
      return false;
    }
    int index = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (index < end && position < ID_END) {
      if (position == MARKER && bytes.getUnsignedByte(index) != 0x00) {
        active = false;
        return false;
      }
      if (position > MARKER) {
        int shift = 8 * (position - MARKER - 1);
        originalId |= (long) bytes.getUnsignedByte(index) << shift;
        bytes.setByte(index, clientId >>> shift);
      }
      position++;
      index++;
    }
    active = position < ID_END;
    return active;
  }
}
