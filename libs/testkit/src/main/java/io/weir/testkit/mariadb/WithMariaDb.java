package io.weir.testkit.mariadb;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running {@link MariaDbTopology}, injected into constructors, lifecycle
 * methods and test methods that declare a parameter of that type.
 *
 * <p>All tests of a class share one topology. Classes that ask for the same replicas and options
 * share it too, unless a class disturbed it (see {@link MariaDbTopology#disturbed()}): then it is
 * closed after that class and the next one gets a fresh topology. Each class starts once the
 * replicas have applied everything earlier classes wrote. Tests should create their own schema or
 * tables rather than assume an empty server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MariaDbExtension.class)
public @interface WithMariaDb {

  /** How many replicas follow the primary. */
  int replicas() default 2;

  /** Extra {@code mariadbd} options for every server. */
  String[] serverOptions() default {};
}
