package io.weir.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class UserAccountCacheTest {

  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final TestingClock clock = new TestingClock(START);
  private final TestingExecutor executor = new TestingExecutor();
  private final TestingLoader loader = new TestingLoader(clock);
  private final UserAccountCache cache = new UserAccountCache(loader, executor, INTERVAL, clock);

  @Test
  void emptyUntilTheFirstLoadCompletes() {
    CompletableFuture<UserAccounts> refresh = cache.refresh();

    assertThat(cache.current()).isSameAs(UserAccounts.EMPTY);
    assertThat(refresh).isNotDone();
    executor.runAll();

    assertThat(refresh).isCompletedWithValue(cache.current());
    assertThat(cache.current().loadedAt()).isEqualTo(START);
    assertThat(loader.loads).isEqualTo(1);
  }

  @Test
  void failedLoginsReloadAtMostOncePerInterval() {
    cache.refresh();
    executor.runAll();
    UserAccounts first = cache.current();

    clock.advance(INTERVAL.minusSeconds(1));
    CompletableFuture<UserAccounts> tooSoon = cache.refreshAfterFailedLogin();
    assertThat(tooSoon).isCompletedWithValue(first);
    assertThat(executor.pending()).isZero();

    clock.advance(Duration.ofSeconds(1));
    CompletableFuture<UserAccounts> due = cache.refreshAfterFailedLogin();
    assertThat(executor.pending()).isEqualTo(1);
    executor.runAll();
    assertThat(due.join()).isNotSameAs(first).isSameAs(cache.current());
    assertThat(cache.current().loadedAt()).isEqualTo(START.plus(INTERVAL));
    assertThat(loader.loads).isEqualTo(2);
  }

  @Test
  void firstFailedLoginLoadsWhenNothingWasLoadedYet() {
    CompletableFuture<UserAccounts> login = cache.refreshAfterFailedLogin();
    executor.runAll();

    assertThat(login.join().loadedAt()).isEqualTo(START);
  }

  @Test
  void concurrentFailedLoginsShareOneLoad() {
    CompletableFuture<UserAccounts> first = cache.refreshAfterFailedLogin();
    CompletableFuture<UserAccounts> second = cache.refreshAfterFailedLogin();
    CompletableFuture<UserAccounts> third = cache.refreshAfterFailedLogin();

    assertThat(executor.pending()).isEqualTo(1);
    executor.runAll();
    assertThat(List.of(first.join(), second.join(), third.join()))
        .allSatisfy(accounts -> assertThat(accounts).isSameAs(cache.current()));
    assertThat(loader.loads).isEqualTo(1);
  }

  @Test
  void failedLoadKeepsThePreviousSnapshot() {
    cache.refresh();
    executor.runAll();
    UserAccounts first = cache.current();

    loader.failWith(new UserAccountsUnavailableException("db1 (127.0.0.1:1): refused"));
    clock.advance(INTERVAL);
    CompletableFuture<UserAccounts> login = cache.refreshAfterFailedLogin();
    CompletableFuture<UserAccounts> forced = cache.refresh();
    executor.runAll();

    assertThat(login).as("a failed login gets the kept snapshot").isCompletedWithValue(first);
    assertThat(forced)
        .as("a forced refresh reports the failure")
        .isCompletedExceptionally()
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(UserAccountsUnavailableException.class);
    assertThat(cache.current()).isSameAs(first);
  }

  @Test
  void failedLoadStillCountsForTheInterval() {
    loader.failWith(new UserAccountsUnavailableException("down"));
    cache.refreshAfterFailedLogin();
    executor.runAll();

    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.refreshAfterFailedLogin()).isCompletedWithValue(UserAccounts.EMPTY);
    assertThat(executor.pending()).isZero();
  }

  @Test
  void forcedRefreshIgnoresTheInterval() {
    cache.refresh();
    executor.runAll();
    clock.advance(Duration.ofSeconds(1));

    cache.refresh();
    executor.runAll();

    assertThat(loader.loads).isEqualTo(2);
    assertThat(cache.current().loadedAt()).isEqualTo(START.plusSeconds(1));
  }

  @Test
  void anOlderLoadFinishingLastDoesNotReplaceANewerSnapshot() {
    CompletableFuture<UserAccounts> older = cache.refresh();
    clock.advance(Duration.ofSeconds(1));
    CompletableFuture<UserAccounts> newer = cache.refresh();

    executor.runLast();
    executor.runAll();

    assertThat(older.join()).isNotSameAs(newer.join());
    assertThat(cache.current()).isSameAs(newer.join());
  }

  @Test
  void directExecutorLeavesNoLoadInFlight() {
    UserAccountCache direct = new UserAccountCache(loader, Runnable::run, INTERVAL, clock);

    assertThat(direct.refresh().join().loadedAt()).isEqualTo(START);
    clock.advance(INTERVAL);
    assertThat(direct.refreshAfterFailedLogin().join().loadedAt()).isEqualTo(START.plus(INTERVAL));
    assertThat(loader.loads).isEqualTo(2);
  }

  @Test
  void rejectedLoadFailsTheForcedRefreshAndKeepsTheSnapshot() {
    UserAccountCache rejecting =
        new UserAccountCache(
            loader,
            task -> {
              throw new RejectedExecutionException("shut down");
            },
            INTERVAL,
            clock);

    assertThat(rejecting.refresh()).isCompletedExceptionally();
    assertThat(rejecting.refreshAfterFailedLogin()).isCompletedWithValue(UserAccounts.EMPTY);
    assertThat(loader.loads).isZero();
  }

  /** Reads the clock at load time, so a snapshot says when it was loaded. */
  private static final class TestingLoader implements Supplier<UserAccounts> {
    private final InstantSource clock;
    private int loads;
    private @Nullable RuntimeException failure;

    TestingLoader(InstantSource clock) {
      this.clock = clock;
    }

    void failWith(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public UserAccounts get() {
      loads++;
      if (failure != null) {
        throw failure;
      }
      return UserAccounts.of(clock.instant(), List.of(), List.of(), List.of(), List.of(), false);
    }
  }

  /** Holds tasks until the test runs them, so a load is in flight for as long as it says. */
  private static final class TestingExecutor implements Executor {
    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int pending() {
      return tasks.size();
    }

    void runAll() {
      Queue<Runnable> queue = tasks;
      while (!queue.isEmpty()) {
        queue.remove().run();
      }
    }

    void runLast() {
      tasks.removeLast().run();
    }
  }

  private static final class TestingClock implements InstantSource {
    private Instant now;

    TestingClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
