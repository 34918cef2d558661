package io.weir.wire.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.frame.PacketEncoder;
import io.weir.wire.frame.PacketFrame;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * A blocking client that reads and writes single packets on a socket, so a test can drive the
 * connection phase packet by packet with the library's own encoders and decoders. Packets are read
 * one at a time (no continuation joining: nothing in the connection phase comes close to 16 MiB).
 */
public final class TestingProtocolClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public TestingProtocolClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** The next packet; the caller releases it. */
  public PacketFrame read() throws IOException {
    byte[] header = new byte[PacketFrame.HEADER_LENGTH];
    in.readFully(header);
    int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new PacketFrame(header[3] & 0xFF, Unpooled.wrappedBuffer(payload));
  }

  /**
   * Whatever bytes the socket has next (at least one, at most {@code buffer.length}), unframed, for
   * tests that look at the raw stream.
   *
   * @return the number of bytes read into {@code buffer}
   * @throws java.io.EOFException if the server closed the connection
   */
  public int readRaw(byte[] buffer) throws IOException {
    int read = in.read(buffer);
    if (read < 0) {
      throw new java.io.EOFException("the server closed the connection");
    }
    return read;
  }

  /** Writes the payload {@code writer} produces as a packet with {@code sequenceId}. */
  public void write(int sequenceId, Consumer<ByteBuf> writer) throws IOException {
    ByteBuf payload = Unpooled.buffer();
    ByteBuf packet = Unpooled.buffer();
    try {
      writer.accept(payload);
      PacketEncoder.write(packet, sequenceId, payload);
      byte[] bytes = new byte[packet.readableBytes()];
      packet.readBytes(bytes);
      out.write(bytes);
      out.flush();
    } finally {
      payload.release();
      packet.release();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
