/**
 * cdc-service while it runs: later records of {@code weir.config} applied to the running kafkacdc
 * services ({@link io.weir.cdc.runtime.CdcConfigurationChanges}).
 */
@NullMarked
package io.weir.cdc.runtime;

import org.jspecify.annotations.NullMarked;
