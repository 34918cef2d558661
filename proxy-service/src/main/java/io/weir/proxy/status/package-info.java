/**
 * What this proxy publishes to the {@code weir.status} topic every interval (libs/control's {@code
 * StatusTopic}): its servers as each of its monitors sees them, its services with their open
 * sessions and router diagnostics, its open listeners, its sessions, and how far it has read {@code
 * weir.config}.
 */
@NullMarked
package io.weir.proxy.status;

import org.jspecify.annotations.NullMarked;
