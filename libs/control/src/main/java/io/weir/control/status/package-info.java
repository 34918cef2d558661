/**
 * The {@code weir.status} topic: every running instance of every service publishes one record,
 * keyed {@code <service>/<instance-id>}, whose value is a JSON document of its live state (who it
 * is, where its HTTP API is, its health, and what it sees now); it rewrites the record every
 * interval and writes a tombstone when it stops cleanly. The admin API follows the topic and serves
 * it. The document's shape is in {@code docs/adr/0010-weir-status-topic.md}.
 */
@NullMarked
package io.weir.control.status;

import org.jspecify.annotations.NullMarked;
