/** JMH micro-benchmarks of libs/sql on the proxy's hot path. */
@NullMarked
package io.weir.bench.sql;

import org.jspecify.annotations.NullMarked;
