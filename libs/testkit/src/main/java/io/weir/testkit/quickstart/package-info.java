/** The whole suite on one machine, on embedded defaults, for trying Weir out. */
@NullMarked
package io.weir.testkit.quickstart;

import org.jspecify.annotations.NullMarked;
