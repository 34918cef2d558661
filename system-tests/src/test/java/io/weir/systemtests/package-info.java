/** Whole-suite tests: services as processes, real servers and real clients. */
@NullMarked
package io.weir.systemtests;

import org.jspecify.annotations.NullMarked;
