package io.weir.cdc.delivery;

import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.source.SourceEndpoint;
import io.weir.cdc.source.StartPositionResolver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the primary's {@code @@gtid_binlog_pos} for the lag in transactions ({@link
 * DeliveryMetrics#LAG_TRANSACTIONS}), over one connection kept open between reads and opened again
 * when the primary changes (a failover) or the connection fails. A failed read is logged at debug
 * and reported as nothing, so a primary that is down does not stop the stream's other work.
 */
final class PrimaryPositionProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrimaryPositionProbe.class);

  private @Nullable SourceEndpoint server;
  private @Nullable Connection connection;

  /** The binlog position of {@code primary} now, or empty when it cannot be read. */
  synchronized Optional<GtidPosition> read(SourceEndpoint primary) {
    try {
      if (connection == null || !Objects.equals(server, primary)) {
        close();
        connection = primary.connect();
        server = primary;
      }
      return Optional.of(StartPositionResolver.newest(connection));
    } catch (SQLException | RuntimeException e) {
      log.debug("cannot read the binlog position of {}: {}", primary, e.toString());
      close();
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    Connection open = connection;
    connection = null;
    server = null;
    if (open != null) {
      try {
        open.close();
      } catch (SQLException e) {
        log.debug("closing the connection to the primary failed: {}", e.toString());
      }
    }
  }
}
