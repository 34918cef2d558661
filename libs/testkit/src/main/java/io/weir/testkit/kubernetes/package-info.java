/**
 * A Kubernetes API server for tests, chiefly for Leases, and the {@link
 * io.weir.testkit.kubernetes.WithKubernetesApi} extension that shares one across a test run.
 */
@NullMarked
package io.weir.testkit.kubernetes;

import org.jspecify.annotations.NullMarked;
