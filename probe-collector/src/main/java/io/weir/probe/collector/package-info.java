/** The Weir probe collector: merges the probe agents' measurements and serves them live. */
@NullMarked
package io.weir.probe.collector;

import org.jspecify.annotations.NullMarked;
