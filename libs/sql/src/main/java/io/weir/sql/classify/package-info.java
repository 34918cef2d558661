@NullMarked
package io.weir.sql.classify;

import org.jspecify.annotations.NullMarked;
