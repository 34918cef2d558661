/**
 * What cdc-service publishes to the {@code weir.status} topic every interval (libs/control's {@code
 * StatusTopic}): each running kafkacdc service's checkpoint GTID position, whether it replicates,
 * its delivered events and lag, and how far it has read {@code weir.config}.
 */
@NullMarked
package io.weir.cdc.status;

import org.jspecify.annotations.NullMarked;
