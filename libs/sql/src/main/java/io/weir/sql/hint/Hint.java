package io.weir.sql.hint;

import org.jspecify.annotations.Nullable;

/**
 * One routing hint comment in MaxScale's hint syntax ({@code -- maxscale ...} or {@code /* maxscale
 * ... *}{@code /}), parsed from the body after the word {@code maxscale}. The hint stack and named
 * hints are session state and live in the router; this is only the syntax.
 */
public sealed interface Hint {

  /** {@code route to master|slave|last|server NAME}: applies to this statement. */
  record Route(RouteTarget target, @Nullable String serverName) implements Hint {}

  /** {@code NAME=VALUE}, e.g. {@code max_slave_replication_lag=10}: applies to this statement. */
  record Parameter(String name, String value) implements Hint {}

  /** {@code NAME prepare <hint>}: defines a named hint for later {@code NAME begin}. */
  record Define(String name, Hint hint) implements Hint {}

  /** {@code NAME begin}: pushes a named hint on the session's stack. */
  record BeginNamed(String name) implements Hint {}

  /** {@code begin <hint>}: pushes an anonymous hint on the session's stack. */
  record Begin(Hint hint) implements Hint {}

  /** {@code end}: pops the session's hint stack. */
  record End() implements Hint {}

  /** Text that is not valid hint syntax, with the reason, so the router can log it. */
  record Invalid(String text, String reason) implements Hint {}
}
