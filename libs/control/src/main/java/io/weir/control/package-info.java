/**
 * Weir's control plane as every service sees it: the resource model (servers, monitors, services,
 * listeners, filters), the clients of the {@code weir.config} and {@code weir.status} topics, and
 * ownership of exclusive work through Kubernetes Leases. The module also ships the actuator
 * defaults every service imports, {@code classpath:weir/service-defaults.yaml}.
 */
@NullMarked
package io.weir.control;

import org.jspecify.annotations.NullMarked;
