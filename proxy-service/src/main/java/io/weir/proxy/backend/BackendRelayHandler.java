package io.weir.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.reply.ReplyTracker;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The last stage of a backend connection's pipeline: forwards the server's bytes to the client as
 * they come, without copying or re-framing them, and lets the reply tracker look at them.
 *
 * <p>Bytes are written to the client before the tracker scans them, so whatever the session does
 * when a reply completes (answer a queued command itself, for instance) reaches the client after
 * that reply. When the client's channel is full the server is not read until it drains; the session
 * resumes reading ({@link BackendConnection#reading}).
 */
final class BackendRelayHandler extends ChannelInboundHandlerAdapter {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(BackendRelayHandler.class);
  private final BackendConnection connection;
  private final ReplySink sink;
  private final ReplyTracker tracker;
  private @Nullable Consumer<PacketFrame> conversation;
  private boolean closedReported;

  BackendRelayHandler(BackendConnection connection, ReplySink sink, ReplyTracker tracker) {
    this.connection = connection;
    this.sink = sink;
    this.tracker = tracker;
  }

  void converse(@Nullable Consumer<PacketFrame> onFrame) {
    this.conversation = onFrame;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (message instanceof PacketFrame frame) {
      Consumer<PacketFrame> onFrame = conversation;
      if (onFrame == null) {
        frame.release();
        throw new IllegalStateException("a decoded frame arrived outside a conversation");
      }
      onFrame.accept(frame);
      return;
    }
    if (!(message instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(message);
      return;
    }
    bytes.retain();
    try {
      sink.relay(bytes);
      tracker.scan(bytes);
    } catch (RuntimeException e) {
      if (log.isDebugEnabled()) {
        log.debug(
            "{}: reply tracker failed on\n{}",
            connection,
            io.netty.buffer.ByteBufUtil.prettyHexDump(bytes));
      }
      throw e;
    } finally {
      bytes.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    sink.flush();
    if (!sink.writable()) {
      connection.reading(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    sink.backendWritabilityChanged(context.channel().isWritable());
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    reportClosed(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    context.close();
    reportClosed(cause);
  }

  private void reportClosed(@Nullable Throwable cause) {
    if (!closedReported) {
      closedReported = true;
      sink.backendClosed(connection, cause);
    }
  }
}
