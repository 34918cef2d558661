/**
 * Real clients through the proxy: each scenario runs directly against the primary and through
 * {@link io.weir.proxy.testing.TestingProxy}, and the two runs must give the same results.
 */
@NullMarked
package io.weir.proxy.clients;

import org.jspecify.annotations.NullMarked;
