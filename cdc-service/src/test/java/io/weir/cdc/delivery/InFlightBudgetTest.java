package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

  @Test
  @DisplayName("the reader waits while the bound is reached and goes on once bytes are released")
  void blocksAtTheBoundUntilReleased() throws Exception {
    InFlightBudget budget = new InFlightBudget(100);
    budget.acquire(80);
    AtomicBoolean acquired = new AtomicBoolean();

    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    budget.acquire(40);
                    acquired.set(true);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    while (reader.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    assertThat(acquired).isFalse();

    budget.release(80);
    reader.join();

    assertThat(acquired).isTrue();
    assertThat(budget.used()).isEqualTo(40);
  }

  @Test
  @DisplayName("a record larger than the bound still goes through when nothing is in flight")
  void aLargeRecordPassesAlone() throws Exception {
    InFlightBudget budget = new InFlightBudget(100);

    budget.acquire(500);

    assertThat(budget.used()).isEqualTo(500);
  }
}
