package io.weir.proxy.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.weir.wire.frame.PacketDecoder;
import io.weir.wire.frame.PacketEncoder;
import java.time.Duration;
import java.util.function.Function;
import reactor.netty.resources.LoopResources;

/**
 * Opens logged-in connections to servers on a given event loop, the one of the session that needs
 * them, so a session and its backends never change thread.
 */
public final class BackendConnector {
  private static final PacketEncoder ENCODER = new PacketEncoder();

  private final LoopResources loops;
  private final Duration connectTimeout;
  private final int maximumPacketLength;
  private final WriteBufferWaterMark waterMark;

  /**
   * @param loops the proxy's loop resources, which know the channel class of their event loops
   * @param connectTimeout how long TCP connect plus login may take
   * @param maximumPacketLength the largest logical packet read during login and conversations
   * @param waterMark when a backend channel counts as full
   */
  public BackendConnector(
      LoopResources loops,
      Duration connectTimeout,
      int maximumPacketLength,
      WriteBufferWaterMark waterMark) {
    this.loops = loops;
    this.connectTimeout = connectTimeout;
    this.maximumPacketLength = maximumPacketLength;
    this.waterMark = waterMark;
  }

  /**
   * Connects to {@code target} on {@code loop} and logs in as {@code login}. The future fails with
   * {@link BackendRefusedException} when the server is unreachable or refuses the login.
   */
  public Future<BackendConnection> connect(
      EventLoop loop, BackendTarget target, BackendLogin login) {
    Promise<BackendConnection> promise = loop.newPromise();
    Function<Channel, BackendHandshakeHandler> handshake =
        channel ->
            new BackendHandshakeHandler(
                target, login, promise, maximumPacketLength, connectTimeout);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(loops.onChannelClass(SocketChannel.class, loop))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast("weir.backend.encoder", ENCODER)
                        .addLast(BackendConnection.DECODER, new PacketDecoder(maximumPacketLength))
                        .addLast(BackendConnection.HANDSHAKE, handshake.apply(channel));
                  }
                });
    ChannelFuture connecting = bootstrap.connect(target.host(), target.port());
    connecting.addListener(
        done -> {
          if (!done.isSuccess()) {
            promise.tryFailure(
                new BackendRefusedException(
                    "cannot connect to server '"
                        + target.name()
                        + "' at "
                        + target.host()
                        + ":"
                        + target.port()
                        + ": "
                        + done.cause().getMessage(),
                    null,
                    done.cause()));
          }
        });
    // a caller that gives up (its client left) closes what is still connecting
    promise.addListener(
        done -> {
          if (done.isCancelled()) {
            connecting.channel().close();
          }
        });
    return promise;
  }
}
