package io.weir.cdc.binlog;

import io.weir.cdc.config.CdcProperties;
import io.weir.cdc.source.ChangeSourceFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Plugs the binlog reader into the runner: each kafkacdc service reads its primary's binlog. */
@Configuration(proxyBeanMethods = false)
public class BinlogReaderConfiguration {

  /**
   * A {@link BinlogChangeSource} per start, on the primary the runner picked, with the service's
   * {@code server_id}, {@code match}, {@code exclude}, {@code send_schema} and {@code timeout},
   * this instance's {@code weir.cdc.transaction-piece-bytes}, continuing the table versions saved
   * in the service's data directory.
   */
  @Bean
  ChangeSourceFactory binlogChangeSources(CdcProperties properties) {
    long pieceBytes = properties.transactionPieceBytes().toBytes();
    return request ->
        new BinlogChangeSource(
            BinlogSettings.of(
                    request.primary().host(),
                    request.primary().port(),
                    request.primary().user(),
                    request.primary().password())
                .withServerId(request.serverId())
                .withMatch(request.match() == null ? null : request.match().pattern())
                .withExclude(request.exclude() == null ? null : request.exclude().pattern())
                .withSendSchema(request.sendSchema())
                .withTimeout(request.primary().timeout())
                .withPieceBytes(pieceBytes),
            request.dataDirectory());
  }
}
