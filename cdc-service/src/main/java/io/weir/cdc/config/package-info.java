/**
 * cdc-service's Spring wiring: its properties ({@code weir.cdc.*}), the kafkacdc services loaded
 * from the static configuration file or the {@code weir.config} topic ({@link
 * io.weir.control.topic.ConfigurationSource}), and the {@link io.weir.cdc.config.CdcRunner} that
 * starts and stops one {@link io.weir.cdc.delivery.KafkaCdcStream} per service.
 */
@NullMarked
package io.weir.cdc.config;

import org.jspecify.annotations.NullMarked;
