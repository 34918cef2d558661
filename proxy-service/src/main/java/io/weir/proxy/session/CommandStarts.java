package io.weir.proxy.session;

import java.util.Arrays;

/**
 * When each outstanding command was sent, oldest first: a ring of primitive longs, because a queue
 * of boxed ones would allocate on every command.
 */
final class CommandStarts {
  private long[] starts = new long[8];
  private int head;
  private int size;

  void add(long nanos) {
    if (size == starts.length) {
      long[] grown = new long[starts.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = starts[(head + i) % starts.length];
      }
      starts = grown;
      head = 0;
    }
    starts[(head + size) % starts.length] = nanos;
    size++;
  }

  /** The oldest start; the caller checks {@link #isEmpty()} first. */
  long poll() {
    if (size == 0) {
      throw new IllegalStateException("no command is outstanding");
    }
    long oldest = starts[head];
    head = (head + 1) % starts.length;
    size--;
    return oldest;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  @Override
  public String toString() {
    return "CommandStarts" + Arrays.toString(Arrays.copyOf(starts, size));
  }
}
