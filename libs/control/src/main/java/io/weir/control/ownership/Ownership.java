package io.weir.control.ownership;

import java.util.Optional;

/** Whether this instance holds a piece of exclusive work, and who does. */
public sealed interface Ownership extends AutoCloseable permits LocalOwnership, LeaseOwnership {

  /** Whether this instance holds it now. */
  boolean owns();

  /** The identity of the holder as far as this instance knows, or empty when nobody holds it. */
  Optional<String> owner();

  /** Gives the work up: a held Lease is released so that another instance takes it at once. */
  @Override
  void close();
}
