/**
 * Talks to a running Weir service from outside, over HTTP, the way Kubernetes and Prometheus do:
 * its actuator health groups, build and git info, and metrics.
 */
@NullMarked
package io.weir.testkit.service;

import org.jspecify.annotations.NullMarked;
