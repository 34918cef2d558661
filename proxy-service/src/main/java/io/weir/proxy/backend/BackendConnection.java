package io.weir.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.frame.PacketDecoder;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.reply.ReplyListener;
import io.weir.wire.reply.ReplyTracker;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A logged-in connection from the proxy to one server, owned by one session and living on that
 * session's event loop.
 *
 * <p>It runs in one of two modes. Relaying (the normal one): the server's bytes go to the client
 * untouched while a {@link ReplyTracker} watches them. Conversing: the proxy itself talks to the
 * server (a change of user, a translated KILL) and receives decoded frames; it only starts a
 * conversation when no reply is outstanding, so no relayed byte is ever mistaken for one.
 */
public final class BackendConnection {
  static final String DECODER = "weir.backend.decoder";
  static final String HANDSHAKE = "weir.backend.handshake";
  static final String RELAY = "weir.backend.relay";
  // payloads up to this long are copied behind their header (see write)
  static final int COPIED_PAYLOAD_LIMIT = 1024;

  private final Channel channel;
  private final BackendTarget target;
  private final long threadId;
  private final byte[] scramble;
  private final Capabilities capabilities;
  private final byte[] loginOk;
  private final int maximumPacketLength;
  private @Nullable ReplyTracker tracker;
  private @Nullable BackendRelayHandler relay;

  BackendConnection(
      Channel channel,
      BackendTarget target,
      long threadId,
      byte[] scramble,
      Capabilities capabilities,
      byte[] loginOk,
      int maximumPacketLength) {
    this.channel = channel;
    this.target = target;
    this.threadId = threadId;
    this.scramble = scramble.clone();
    this.capabilities = capabilities;
    this.loginOk = loginOk.clone();
    this.maximumPacketLength = maximumPacketLength;
  }

  public BackendTarget target() {
    return target;
  }

  /** The server's id for this connection ({@code CONNECTION_ID()}), which KILL needs. */
  public long threadId() {
    return threadId;
  }

  /** The scramble of the server's handshake; a later COM_CHANGE_USER answers it. */
  public byte[] scramble() {
    return scramble.clone();
  }

  /** What the proxy and the server agreed on. */
  public Capabilities capabilities() {
    return capabilities;
  }

  /** The payload of the OK packet that ended the login, to pass on to the client. */
  public byte[] loginOk() {
    return loginOk.clone();
  }

  public Channel channel() {
    return channel;
  }

  /** The tracker of the replies being relayed; present once {@link #startRelay} ran. */
  public ReplyTracker tracker() {
    ReplyTracker current = tracker;
    if (current == null) {
      throw new IllegalStateException("the relay to the client has not started");
    }
    return current;
  }

  /**
   * Starts relaying the server's bytes to {@code sink}; {@code listener} hears of each completed
   * reply. Must run on the connection's event loop.
   */
  public void startRelay(ReplySink sink, ReplyListener listener) {
    ReplyTracker replyTracker = new ReplyTracker(capabilities, listener);
    BackendRelayHandler handler = new BackendRelayHandler(this, sink, replyTracker);
    this.tracker = replyTracker;
    this.relay = handler;
    var pipeline = channel.pipeline();
    if (pipeline.get(HANDSHAKE) != null) {
      pipeline.remove(HANDSHAKE);
    }
    pipeline.addLast(RELAY, handler);
    // bytes the decoder still holds (none after an orderly login) reach the relay when it goes
    if (pipeline.get(DECODER) != null) {
      pipeline.remove(DECODER);
    }
    channel.config().setAutoRead(true);
  }

  /**
   * Hands the server's next packets to {@code onFrame}, decoded, instead of relaying them. The
   * caller owns (releases) each frame.
   */
  public void startConversation(Consumer<PacketFrame> onFrame) {
    BackendRelayHandler handler = requireRelay();
    handler.converse(onFrame);
    channel.pipeline().addBefore(RELAY, DECODER, new PacketDecoder(maximumPacketLength));
  }

  /** Goes back to relaying after {@link #startConversation}. */
  public void endConversation() {
    BackendRelayHandler handler = requireRelay();
    handler.converse(null);
    if (channel.pipeline().get(DECODER) != null) {
      channel.pipeline().remove(DECODER);
    }
  }

  /** Writes a frame to the server and flushes. */
  public ChannelFuture send(PacketFrame frame) {
    return channel.writeAndFlush(frame);
  }

  /**
   * Writes a frame without flushing. A frame of one packet goes out as a four-byte header and its
   * payload: a short payload copied behind the header into one buffer, a longer one not copied.
   * Most client packets are forwarded this way.
   */
  public void write(PacketFrame frame) {
    ByteBuf payload = frame.payload();
    int length = payload.readableBytes();
    if (length >= PacketFrame.MAX_PACKET_PAYLOAD) {
      channel.write(frame, channel.voidPromise());
      return;
    }
    if (length <= COPIED_PAYLOAD_LIMIT) {
      // a statement is usually a few dozen bytes: copying it costs less than a second outbound
      // entry and buffer, and the socket gets one send() instead of a writev() of two
      ByteBuf packet = channel.alloc().ioBuffer(PacketFrame.HEADER_LENGTH + length);
      packet.writeMediumLE(length).writeByte(frame.sequenceId()).writeBytes(payload);
      payload.release();
      channel.write(packet, channel.voidPromise());
      return;
    }
    ByteBuf header = channel.alloc().ioBuffer(PacketFrame.HEADER_LENGTH);
    header.writeMediumLE(length).writeByte(frame.sequenceId());
    // two writes, not a composite: the outbound buffer recycles its entries, and both go out in
    // one writev at the flush
    channel.write(header, channel.voidPromise());
    channel.write(payload, channel.voidPromise());
  }

  public void flush() {
    channel.flush();
  }

  /** Whether the server's socket takes more writes now. */
  public boolean writable() {
    return channel.isWritable();
  }

  /** Resumes or stops reading from the server (backpressure from the client). */
  public void reading(boolean on) {
    if (channel.config().isAutoRead() != on) {
      channel.config().setAutoRead(on);
    }
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  public void close() {
    channel.close();
  }

  private BackendRelayHandler requireRelay() {
    BackendRelayHandler handler = relay;
    if (handler == null) {
      throw new IllegalStateException("the relay to the client has not started");
    }
    return handler;
  }

  @Override
  public String toString() {
    return target.name() + "#" + threadId;
  }
}
