package io.weir.control.ownership;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership through a Kubernetes Lease ({@code coordination.k8s.io/v1}), held and renewed by
 * fabric8's LeaderElector. An instance owns the work from {@code onStartLeading} until it stops
 * leading; it stops acting before the Lease can expire (the renew deadline is shorter than the
 * Lease), so that two instances never act at once. Closing releases the Lease.
 *
 * <p>A fabric8 LeaderElector ends for good when its holder fails to renew (an API server away for
 * longer than the renew deadline, a paused JVM): this class then starts a new one, one retry period
 * later, so an instance that lost the Lease competes for it again instead of leaving the work to
 * the others forever.
 */
public final class LeaseOwnership implements Ownership {
  private static final Logger log = LoggerFactory.getLogger(LeaseOwnership.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String lease;
  private final String identity;
  private final LeaderElectionConfig config;
  private final Duration retryPeriod;
  private CompletableFuture<?> election;
  private boolean closed;
  private volatile boolean leading;
  private volatile @Nullable String leader;

  private LeaseOwnership(
      KubernetesClient client,
      String namespace,
      String lease,
      String identity,
      Duration leaseDuration) {
    this.client = client;
    this.namespace = namespace;
    this.lease = lease;
    this.identity = identity;
    this.retryPeriod = leaseDuration.dividedBy(5);
    this.config =
        new LeaderElectionConfigBuilder()
            .withName(lease)
            .withLock(new LeaseLock(namespace, lease, identity))
            .withLeaseDuration(leaseDuration)
            // stop acting well before another instance may take the Lease
            .withRenewDeadline(leaseDuration.multipliedBy(2).dividedBy(3))
            .withRetryPeriod(retryPeriod)
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> {
                      leading = true;
                      log.info("{}: this instance ({}) holds the Lease", lease, identity);
                    },
                    () -> {
                      leading = false;
                      log.info("{}: this instance ({}) no longer holds the Lease", lease, identity);
                    },
                    newLeader -> leader = newLeader))
            .build();
    this.election = CompletableFuture.completedFuture(null);
    synchronized (this) {
      join();
    }
  }

  /** Starts a LeaderElector (each runs once) and a new one after it ends, until closed. */
  private synchronized void join() {
    if (closed) {
      return;
    }
    CompletableFuture<?> started = client.leaderElector().withConfig(config).build().start();
    election = started;
    started.whenComplete(
        (ignored, failure) -> {
          if (isClosed()) {
            return;
          }
          log.warn(
              "{}: this instance ({}) left the election ({}); taking part again",
              lease,
              identity,
              failure == null ? "it lost the Lease" : failure.toString());
          CompletableFuture.delayedExecutor(retryPeriod.toMillis(), TimeUnit.MILLISECONDS)
              .execute(this::join);
        });
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Starts taking part in the election for {@code lease}.
   *
   * @param identity this instance's identity, written into the Lease as its holder; other instances
   *     read it, so it should say how to reach this one (the admin API uses its URL)
   * @param leaseDuration how long a Lease not renewed keeps others out
   */
  public static LeaseOwnership start(
      KubernetesClient client,
      String namespace,
      String lease,
      String identity,
      Duration leaseDuration) {
    return new LeaseOwnership(client, namespace, lease, identity, leaseDuration);
  }

  @Override
  public boolean owns() {
    return leading;
  }

  /**
   * This instance when it leads; otherwise the holder the Lease names now, read from the API server
   * (the elector's last news may be stale, or gone once this instance stopped taking part), else
   * the last holder the elector reported.
   */
  @Override
  public Optional<String> owner() {
    if (leading) {
      return Optional.of(identity);
    }
    try {
      Lease current = client.leases().inNamespace(namespace).withName(lease).get();
      String holder = current == null ? null : current.getSpec().getHolderIdentity();
      return holder == null || holder.isEmpty() ? Optional.empty() : Optional.of(holder);
    } catch (KubernetesClientException | IllegalStateException e) {
      log.debug(
          "{}: cannot read the Lease ({}); using the last holder seen", lease, e.getMessage());
      return Optional.ofNullable(leader);
    }
  }

  /** The Lease's name. */
  public String lease() {
    return lease;
  }

  @Override
  public void close() {
    CompletableFuture<?> current;
    synchronized (this) {
      closed = true;
      current = election;
    }
    leading = false;
    current.cancel(true);
  }

  @Override
  public String toString() {
    return "Lease " + lease + " as " + identity;
  }
}
