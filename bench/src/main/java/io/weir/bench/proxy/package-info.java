/** Load benchmarks of proxies in front of MariaDB, with sysbench. */
@NullMarked
package io.weir.bench.proxy;

import org.jspecify.annotations.NullMarked;
