package io.weir.proxy.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's current {@link UserAccounts}, reloaded in the background. Thread-safe; the event
 * loops read {@link #current()}, which never blocks, and ask for a reload after a failed login,
 * which runs on the blocking executor and completes its future there.
 *
 * <p>A failed login reloads at most once per minimum refresh interval (MaxScale's {@code
 * users_refresh_time}), counted from the start of the last load, failed or not: a client guessing
 * passwords, or a backend that is down, must not turn every login into a load of the grant tables.
 * A load that fails keeps the previous snapshot.
 */
public final class UserAccountCache {

  private static final Logger LOG = LoggerFactory.getLogger(UserAccountCache.class);

  private final Supplier<UserAccounts> loader;
  private final Executor blockingExecutor;
  private final Duration minimumRefreshInterval;
  private final InstantSource clock;

  private final Object lock = new Object();
  private volatile UserAccounts current = UserAccounts.EMPTY;
  // guarded by lock: the load running now, shared by failed logins, and when the last one began
  private @Nullable CompletableFuture<UserAccounts> inFlight;
  private @Nullable Instant lastLoadStarted;
  // guarded by lock: which load's result current holds, so a slow older load never replaces it
  private long startedLoads;
  private long installedLoad;

  /**
   * @param loader reads the accounts; blocks
   * @param blockingExecutor where loads run, never an event loop
   * @param minimumRefreshInterval how often failed logins may reload at most; MaxScale's default is
   *     30 seconds
   * @param clock measures that interval
   */
  public UserAccountCache(
      UserAccountLoader loader,
      Executor blockingExecutor,
      Duration minimumRefreshInterval,
      InstantSource clock) {
    this(loader::load, blockingExecutor, minimumRefreshInterval, clock);
  }

  /** As the other constructor, with any blocking source of snapshots (tests pass a fake). */
  public UserAccountCache(
      Supplier<UserAccounts> loader,
      Executor blockingExecutor,
      Duration minimumRefreshInterval,
      InstantSource clock) {
    this.loader = loader;
    this.blockingExecutor = blockingExecutor;
    this.minimumRefreshInterval = minimumRefreshInterval;
    this.clock = clock;
  }

  /** The latest snapshot loaded; {@link UserAccounts#EMPTY} before the first load succeeds. */
  public UserAccounts current() {
    return current;
  }

  /**
   * Loads now, whatever the interval, as at start or when an operator asks. The future fails with
   * the loader's exception (such as {@link UserAccountsUnavailableException}) when the load does;
   * the previous snapshot stays current then.
   */
  public CompletableFuture<UserAccounts> refresh() {
    synchronized (lock) {
      return start();
    }
  }

  /**
   * Loads again after a login failed against {@link #current()}, unless the last load began less
   * than the minimum refresh interval ago, in which case it completes with {@link #current()} at
   * once. Concurrent callers share one load. It never fails: when the load does, it completes with
   * the snapshot kept, since the caller only needs the best one there is to decide the login.
   */
  public CompletableFuture<UserAccounts> refreshAfterFailedLogin() {
    CompletableFuture<UserAccounts> load;
    synchronized (lock) {
      if (inFlight != null) {
        load = inFlight;
      } else if (lastLoadStarted != null
          && clock.instant().isBefore(lastLoadStarted.plus(minimumRefreshInterval))) {
        return CompletableFuture.completedFuture(current);
      } else {
        load = start();
      }
    }
    return load.exceptionally(failure -> current);
  }

  // holds lock
  private CompletableFuture<UserAccounts> start() {
    long load = ++startedLoads;
    lastLoadStarted = clock.instant();
    CompletableFuture<UserAccounts> future;
    try {
      future = CompletableFuture.supplyAsync(loader, blockingExecutor);
    } catch (RejectedExecutionException e) {
      LOG.warn("could not start loading user accounts: {}", e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<UserAccounts> tracked =
        future.whenComplete((accounts, failure) -> finished(load, accounts, failure));
    // a direct executor has already finished (and cleared inFlight) by now
    if (!tracked.isDone()) {
      inFlight = tracked;
    }
    return tracked;
  }

  private void finished(long load, @Nullable UserAccounts accounts, @Nullable Throwable failure) {
    synchronized (lock) {
      if (accounts != null && load > installedLoad) {
        installedLoad = load;
        current = accounts;
      }
      if (load == startedLoads) {
        inFlight = null;
      }
    }
    if (failure != null) {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      LOG.warn("loading user accounts failed, keeping the previous ones: {}", cause.getMessage());
    } else if (accounts != null) {
      LOG.debug("loaded {} user accounts", accounts.size());
    }
  }
}
