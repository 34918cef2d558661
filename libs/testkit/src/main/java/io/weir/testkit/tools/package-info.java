/** Programs from Debian's packages that tests and benchmarks drive: sysbench, HAProxy. */
@NullMarked
package io.weir.testkit.tools;

import org.jspecify.annotations.NullMarked;
