/**
 * Who does exclusive work (one admin writer, one CDC replicator per source, one monitor acting on
 * failover): a Kubernetes Lease held through fabric8's LeaderElector, or, for a single instance,
 * always this one.
 */
@NullMarked
package io.weir.control.ownership;

import org.jspecify.annotations.NullMarked;
