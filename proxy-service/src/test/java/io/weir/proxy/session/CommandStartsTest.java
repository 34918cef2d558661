package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandStartsTest {

  @Test
  void pollsInOrderAcrossGrowthAndWrapAround() {
    CommandStarts starts = new CommandStarts();
    long next = 0;
    long expected = 0;
    // interleaved adds and polls wrap the ring; twenty outstanding make it grow twice
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 20; i++) {
        starts.add(next++);
      }
      for (int i = 0; i < 17; i++) {
        assertThat(starts.poll()).isEqualTo(expected++);
      }
    }
    assertThat(starts.size()).isEqualTo(15);
    while (!starts.isEmpty()) {
      assertThat(starts.poll()).isEqualTo(expected++);
    }
    assertThat(expected).isEqualTo(next);
    assertThatThrownBy(starts::poll).isInstanceOf(IllegalStateException.class);
  }
}
