/**
 * The {@code weir.config} topic: every resource as one record, keyed {@code type/id}, whose value
 * is the resource as the static configuration file writes it (JSON, which is YAML), and a tombstone
 * once it is deleted. The admin API writes it; every service follows it.
 */
@NullMarked
package io.weir.control.topic;

import org.jspecify.annotations.NullMarked;
