package io.weir.wire.command;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;

/** Reads and checks the command byte every command payload starts with. */
final class CommandBytes {
  private CommandBytes() {}

  /** Consumes the command byte, which must be {@code command}'s. */
  static void read(ByteBuf payload, Command command) {
    int code = PayloadReader.readInt1(payload);
    if (code != command.code()) {
      throw new MalformedPacketException(
          "payload starts with 0x"
              + Integer.toHexString(code)
              + ", expected "
              + command
              + " (0x"
              + Integer.toHexString(command.code())
              + ")");
    }
  }
}
