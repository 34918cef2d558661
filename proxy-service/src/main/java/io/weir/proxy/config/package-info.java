/** Spring wiring of the proxy: properties and beans; the logic lives in the feature packages. */
@NullMarked
package io.weir.proxy.config;

import org.jspecify.annotations.NullMarked;
