package io.weir.proxy.listener;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.weir.control.resource.Listener;
import io.weir.proxy.session.ClientConnectionHandler;
import io.weir.proxy.session.SessionContext;
import io.weir.wire.frame.PacketDecoder;
import io.weir.wire.frame.PacketEncoder;
import java.net.InetSocketAddress;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * One listener: a Reactor Netty TCP server whose connections each become a session.
 *
 * <p>Reactor Netty binds the port and owns the event loops; the session itself is a plain Netty
 * handler placed first in each connection's pipeline. It consumes every inbound message, so
 * Reactor's own inbound bridge never sees one, and a session's backend connections are opened on
 * the same event loop by {@link io.weir.proxy.backend.BackendConnector}.
 */
public final class ListenerServer implements AutoCloseable {
  private static final PacketEncoder ENCODER = new PacketEncoder();

  private final String id;
  private final DisposableServer server;

  private ListenerServer(String id, DisposableServer server) {
    this.id = id;
    this.server = server;
  }

  /**
   * Binds {@code listener}'s address and port; every connection gets a session of {@code context}.
   */
  public static ListenerServer bind(
      Listener listener,
      LoopResources loops,
      SessionContext context,
      WriteBufferWaterMark waterMark) {
    String host = listener.address();
    try {
      DisposableServer server =
          TcpServer.create()
              .host(host)
              .port(listener.port())
              .runOn(loops)
              .childOption(ChannelOption.TCP_NODELAY, true)
              // measured faster than Netty 4.2's adaptive default for this relay (bench/README.md)
              .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
              .childOption(ChannelOption.SO_KEEPALIVE, true)
              .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
              .doOnChannelInit(
                  (observer, channel, remoteAddress) ->
                      channel
                          .pipeline()
                          .addFirst("weir.client", new ClientConnectionHandler(context))
                          .addFirst("weir.client.encoder", ENCODER)
                          .addFirst(
                              ClientConnectionHandler.DECODER,
                              new PacketDecoder(context.maximumPacketLength())))
              // Reactor's bridge would stop reading for want of a subscriber; the session reads
              .doOnConnection(connection -> connection.channel().config().setAutoRead(true))
              .handle((inbound, outbound) -> Mono.never())
              .bindNow();
      return new ListenerServer(listener.id(), server);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "listeners/"
              + listener.id()
              + ": cannot listen on "
              + listener.address()
              + ":"
              + listener.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  public String id() {
    return id;
  }

  /** The port bound, which differs from the configured one only when that was 0. */
  public int port() {
    return ((InetSocketAddress) server.address()).getPort();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
