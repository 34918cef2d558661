/**
 * Weir's control plane as every service sees it. Today: the resource model ({@code resource}), the
 * modules' parameter schemas and their validation ({@code parameter}), and the static start from a
 * YAML file ({@code config}); later also the clients of the {@code weir.config} and {@code
 * weir.status} topics and ownership of exclusive work through Kubernetes Leases. The module also
 * ships the actuator defaults every service imports, {@code classpath:weir/service-defaults.yaml}.
 */
@NullMarked
package io.weir.control;

import org.jspecify.annotations.NullMarked;
