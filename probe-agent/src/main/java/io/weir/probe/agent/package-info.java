/**
 * The Weir probe agent: captures MySQL-protocol traffic beside a database server and publishes
 * per-statement measurements.
 */
@NullMarked
package io.weir.probe.agent;

import org.jspecify.annotations.NullMarked;
