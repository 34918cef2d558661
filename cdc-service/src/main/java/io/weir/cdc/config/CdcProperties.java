package io.weir.cdc.config;

import io.weir.cdc.delivery.KafkaCdcStream;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * cdc-service's start-up settings ({@code weir.cdc.*}).
 *
 * @param configFile a static configuration file whose {@code kafkacdc} services this instance runs
 *     ({@code weir.cdc.config-file}); without one it runs none and only reports on itself
 * @param dataDirectory where each service keeps {@code <service>/current_gtid.txt} ({@code
 *     data-directory}, default {@code data}); MaxScale's {@code /var/lib/maxscale/<service>}
 * @param inFlightLimit bytes handed to Kafka and not yet acknowledged, per service, before the
 *     binlog reader is held back ({@code in-flight-limit}, default 16MB)
 * @param deliveryTimeout how long Kafka may take to acknowledge a record, retries included, before
 *     the service stops at its checkpoint ({@code delivery-timeout}, default 2m)
 * @param shutdownTimeout how long stopping waits for Kafka to acknowledge what is in flight ({@code
 *     shutdown-timeout}, default 8s, inside the 10s shutdown phase every service shares)
 * @param positionScanRecords records read from the end of each partition to find where to resume
 *     ({@code position-scan-records}, default 1000)
 * @param kafkaTimeout how long reading the position from Kafka at start may take ({@code
 *     kafka-timeout}, default 30s)
 * @param transactionPieceBytes the binlog reader hands a transaction to delivery in pieces of about
 *     this many bytes as its rows arrive, so memory does not grow with a transaction's size ({@code
 *     transaction-piece-bytes}, default 4MB)
 * @param maxRecordBytes the largest record (key and document) the producer sends: its {@code
 *     max.request.size} ({@code max-record-bytes}, default 1MB as Kafka's; the topic's {@code
 *     max.message.bytes} must allow as much). A larger row stops the service with an error naming
 *     this setting
 */
@ConfigurationProperties("weir.cdc")
public record CdcProperties(
    @Nullable Path configFile,
    @DefaultValue("data") Path dataDirectory,
    @DefaultValue("16MB") DataSize inFlightLimit,
    @DefaultValue("2m") Duration deliveryTimeout,
    @DefaultValue("8s") Duration shutdownTimeout,
    @DefaultValue("1000") int positionScanRecords,
    @DefaultValue("30s") Duration kafkaTimeout,
    @DefaultValue("4MB") DataSize transactionPieceBytes,
    @DefaultValue("1MB") DataSize maxRecordBytes) {

  /** The options every stream of this instance runs with. */
  public KafkaCdcStream.Options streamOptions() {
    return new KafkaCdcStream.Options(
        dataDirectory,
        inFlightLimit.toBytes(),
        deliveryTimeout,
        shutdownTimeout,
        positionScanRecords,
        kafkaTimeout,
        maxRecordBytes.toBytes());
  }
}
