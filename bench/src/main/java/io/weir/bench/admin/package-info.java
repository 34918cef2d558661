/** Benchmarks of the admin API and of how fast its changes reach running services. */
@NullMarked
package io.weir.bench.admin;

import org.jspecify.annotations.NullMarked;
