@NullMarked
package io.weir.sql.hint;

import org.jspecify.annotations.NullMarked;
