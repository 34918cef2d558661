package io.weir.control.ownership;

import java.util.Optional;

/**
 * A single instance's ownership: it always holds the work. For runs without Kubernetes.
 *
 * @param identity this instance's identity
 */
public record LocalOwnership(String identity) implements Ownership {

  @Override
  public boolean owns() {
    return true;
  }

  @Override
  public Optional<String> owner() {
    return Optional.of(identity);
  }

  @Override
  public void close() {}
}
