package io.weir.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.auth.MysqlNativePassword;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.command.ComQuery;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.handshake.HandshakeResponse41;
import io.weir.wire.handshake.HandshakeV10;
import io.weir.wire.packet.ErrPacket;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A blocking client on a plain socket that speaks just enough of the protocol to log in with
 * mysql_native_password and read text results, and that can send any bytes at all, so tests can
 * feed the proxy what no driver would. It does not ask for {@code DEPRECATE_EOF}: result sets end
 * with an EOF packet. Every read gives up after the socket timeout.
 */
public final class RawClient implements AutoCloseable {
  /** What the client offers; the extended MariaDB capabilities are not asked for. */
  public static final Capabilities CAPABILITIES =
      Capabilities.of(
          Capability.LONG_FLAG,
          Capability.CLIENT_PROTOCOL_41,
          Capability.TRANSACTIONS,
          Capability.SECURE_CONNECTION,
          Capability.MULTI_RESULTS,
          Capability.PLUGIN_AUTH);

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final HandshakeV10 greeting;

  private RawClient(Socket socket, HandshakeV10 greeting) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    this.out = socket.getOutputStream();
    this.greeting = greeting;
  }

  /** Connects and reads the server's greeting, which must be a {@link HandshakeV10}. */
  public static RawClient connect(String host, int port, Duration timeout) throws IOException {
    return connect(host, port, timeout, 0);
  }

  /**
   * Connects with a receive buffer of {@code receiveBuffer} bytes (0 for the system's), so a slow
   * reader pushes back on the proxy early.
   */
  public static RawClient connect(String host, int port, Duration timeout, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    try {
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.setSoTimeout((int) timeout.toMillis());
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      DataInputStream first = new DataInputStream(socket.getInputStream());
      Packet packet = read(first);
      if (packet.isError()) {
        throw new RefusedException(packet.error());
      }
      HandshakeV10 greeting = HandshakeV10.decode(Unpooled.wrappedBuffer(packet.payload()));
      return new RawClient(socket, greeting);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Connects and logs in; fails when the proxy refuses. */
  public static RawClient login(
      String host, int port, String user, String password, @Nullable String database)
      throws IOException {
    RawClient client = connect(host, port, Duration.ofSeconds(10));
    try {
      Packet answer = client.authenticate(user, password, database);
      if (!answer.isOk()) {
        throw new IOException("login refused: " + answer);
      }
      return client;
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  public HandshakeV10 greeting() {
    return greeting;
  }

  public Socket socket() {
    return socket;
  }

  /** Sends a handshake response with the password's mysql_native_password answer; the reply. */
  public Packet authenticate(String user, String password, @Nullable String database)
      throws IOException {
    writeRaw(handshakeResponse(user, password, database));
    return readPacket();
  }

  /** The bytes of a handshake response packet (sequence id 1), to send at will. */
  public byte[] handshakeResponse(String user, String password, @Nullable String database) {
    byte[] response =
        password.isEmpty()
            ? new byte[0]
            : MysqlNativePassword.clientResponse(password, greeting.scramble());
    Capabilities capabilities =
        database == null ? CAPABILITIES : CAPABILITIES.with(Capability.CONNECT_WITH_DB);
    HandshakeResponse41 login =
        new HandshakeResponse41(
            capabilities,
            16 * 1024 * 1024,
            45,
            user,
            response,
            database,
            MysqlNativePassword.PLUGIN_NAME,
            Map.of());
    ByteBuf payload = Unpooled.buffer();
    try {
      login.encode(payload);
      byte[] body = new byte[payload.readableBytes()];
      payload.readBytes(body);
      return packet(1, body);
    } finally {
      payload.release();
    }
  }

  /** Writes one packet with {@code sequenceId} around what {@code body} writes. */
  public void writePacket(int sequenceId, Consumer<ByteBuf> body) throws IOException {
    ByteBuf payload = Unpooled.buffer();
    try {
      body.accept(payload);
      byte[] bytes = new byte[payload.readableBytes()];
      payload.readBytes(bytes);
      writePacket(sequenceId, bytes);
    } finally {
      payload.release();
    }
  }

  /** Writes one packet with {@code sequenceId} and {@code payload} (shorter than 16 MiB). */
  public void writePacket(int sequenceId, byte[] payload) throws IOException {
    writeRaw(packet(sequenceId, payload));
  }

  /** A packet's bytes: the header for {@code payload} (shorter than 16 MiB), then it. */
  public static byte[] packet(int sequenceId, byte[] payload) {
    byte[] packet = new byte[PacketFrame.HEADER_LENGTH + payload.length];
    packet[0] = (byte) payload.length;
    packet[1] = (byte) (payload.length >>> 8);
    packet[2] = (byte) (payload.length >>> 16);
    packet[3] = (byte) sequenceId;
    System.arraycopy(payload, 0, packet, PacketFrame.HEADER_LENGTH, payload.length);
    return packet;
  }

  /** Writes bytes as they are, framed or not. */
  public void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next packet, continuation packets not joined. */
  public Packet readPacket() throws IOException {
    return read(in);
  }

  /** Sends COM_QUERY and reads the whole reply; an error reply comes back as a result too. */
  public Result query(String sql) throws IOException {
    writePacket(0, new ComQuery(sql)::encode);
    return readResult();
  }

  /** Reads a reply to a command: an OK, an error or a text result set. */
  public Result readResult() throws IOException {
    Packet first = readPacket();
    if (first.isOk() || first.isError()) {
      return new Result(first, List.of());
    }
    long columns = lengthEncoded(first.payload());
    for (long i = 0; i < columns; i++) {
      readPacket();
    }
    Packet eof = readPacket();
    if (!eof.isEof()) {
      throw new IOException("expected EOF after the column definitions, got " + eof);
    }
    List<List<@Nullable String>> rows = new ArrayList<>();
    while (true) {
      Packet packet = readPacket();
      if (packet.isEof() || packet.isError()) {
        return new Result(packet, rows);
      }
      rows.add(textRow(packet.payload(), (int) columns));
    }
  }

  /**
   * Reads a text result set's rows without keeping them, calling {@code afterBytes} with the bytes
   * read so far after each row, and tells how it ended: the result set's EOF, an error packet or
   * the end of the stream.
   */
  public Drained drainResult(Consumer<Long> afterBytes) throws IOException {
    Packet first = readPacket();
    if (first.isOk() || first.isError()) {
      return new Drained(0, 0, first);
    }
    long columns = lengthEncoded(first.payload());
    for (long i = 0; i <= columns; i++) {
      readPacket();
    }
    byte[] scratch = new byte[1024 * 1024];
    long bytes = 0;
    long rows = 0;
    byte[] header = new byte[PacketFrame.HEADER_LENGTH];
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException | SocketException e) {
        return new Drained(rows, bytes, null);
      }
      int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
      int marker = -1;
      boolean small = length < 9;
      byte[] kept = null;
      int remaining = length;
      boolean firstChunk = true;
      while (remaining > 0) {
        int chunk = Math.min(remaining, scratch.length);
        try {
          in.readFully(scratch, 0, chunk);
        } catch (EOFException | SocketException e) {
          return new Drained(rows, bytes, null);
        }
        if (firstChunk) {
          marker = scratch[0] & 0xFF;
          if (marker == 0xFF || (marker == 0xFE && small)) {
            kept = Arrays.copyOf(scratch, chunk);
          }
          firstChunk = false;
        }
        remaining -= chunk;
      }
      if (kept != null) {
        return new Drained(rows, bytes, new Packet(header[3] & 0xFF, kept));
      }
      bytes += PacketFrame.HEADER_LENGTH + length;
      rows++;
      afterBytes.accept(bytes);
    }
  }

  /** Whether the proxy closes the connection within the socket timeout (reads until then). */
  public boolean closedByPeer() throws IOException {
    try {
      while (in.read() != -1) {
        // whatever came before the end
      }
      return true;
    } catch (SocketException e) {
      // a reset also ends the connection
      return true;
    }
  }

  /** Closes with a reset instead of an orderly close, as a crashed client would. */
  public void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static Packet read(InputStream stream) throws IOException {
    DataInputStream data = stream instanceof DataInputStream d ? d : new DataInputStream(stream);
    byte[] header = new byte[PacketFrame.HEADER_LENGTH];
    data.readFully(header);
    int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
    byte[] payload = new byte[length];
    data.readFully(payload);
    return new Packet(header[3] & 0xFF, payload);
  }

  private static long lengthEncoded(byte[] payload) {
    int first = payload[0] & 0xFF;
    if (first < 0xFB) {
      return first;
    }
    int bytes =
        switch (first) {
          case 0xFC -> 2;
          case 0xFD -> 3;
          case 0xFE -> 8;
          default -> throw new IllegalArgumentException("not a length: " + first);
        };
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value |= (long) (payload[1 + i] & 0xFF) << (8 * i);
    }
    return value;
  }

  private static List<@Nullable String> textRow(byte[] payload, int columns) {
    List<@Nullable String> row = new ArrayList<>(columns);
    int at = 0;
    for (int i = 0; i < columns; i++) {
      int first = payload[at] & 0xFF;
      if (first == 0xFB) {
        row.add(null);
        at++;
        continue;
      }
      int prefix =
          switch (first) {
            case 0xFC -> 3;
            case 0xFD -> 4;
            case 0xFE -> 9;
            default -> 1;
          };
      long length = lengthEncoded(Arrays.copyOfRange(payload, at, at + prefix));
      at += prefix;
      row.add(new String(payload, at, (int) length, StandardCharsets.UTF_8));
      at += (int) length;
    }
    return row;
  }

  /** One packet as read: its sequence id and payload. */
  public record Packet(int sequenceId, byte[] payload) {
    public boolean isOk() {
      return payload.length > 0 && payload[0] == 0x00;
    }

    public boolean isError() {
      return payload.length > 0 && (payload[0] & 0xFF) == 0xFF;
    }

    public boolean isEof() {
      return payload.length > 0 && payload.length < 9 && (payload[0] & 0xFF) == 0xFE;
    }

    /** The error this packet carries; it must be one. */
    public ErrPacket error() {
      if (!isError()) {
        throw new IllegalStateException("not an error packet: " + this);
      }
      return ErrPacket.decode(Unpooled.wrappedBuffer(payload));
    }

    @Override
    public String toString() {
      return isError()
          ? "ERR " + error()
          : "Packet[sequenceId=" + sequenceId + ", length=" + payload.length + "]";
    }
  }

  /**
   * A reply read whole.
   *
   * @param end the OK or error packet that was the whole reply, or the result set's EOF or error
   * @param rows the text rows of a result set
   */
  public record Result(Packet end, List<List<@Nullable String>> rows) {}

  /**
   * How a drained result set ended.
   *
   * @param rows rows read
   * @param bytes bytes of the rows read, their packet headers included
   * @param end the EOF or error packet that ended it, or null when the connection ended first
   */
  public record Drained(long rows, long bytes, @Nullable Packet end) {}

  /** The proxy sent an error instead of its greeting. */
  public static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ErrPacket error;

    public RefusedException(ErrPacket error) {
      super("refused before the greeting: " + error);
      this.error = error;
    }

    public ErrPacket error() {
      return error;
    }
  }
}
