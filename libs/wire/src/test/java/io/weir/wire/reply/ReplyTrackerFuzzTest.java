package io.weir.wire.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.command.Command;
import io.weir.wire.reply.ReplyTrackerTest.Scenario;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Mangled and random server streams: every scan returns, only {@link MalformedPacketException}
 * comes out, and every buffer ends released with its indexes untouched. Seeded, so a failure names
 * an input that repeats.
 */
class ReplyTrackerFuzzTest {
  private static final long SEED = 0x7EAC_2026_1130L;
  private static final int ITERATIONS = 3_000;
  private static final Duration BUDGET = Duration.ofSeconds(60);

  private static final List<Command> TRACKABLE =
      Arrays.stream(Command.values())
          .filter(
              command ->
                  command.replyShape() != ReplyShape.NONE
                      && command.replyShape() != ReplyShape.UNSUPPORTED)
          .toList();

  @Test
  @DisplayName("mangled, truncated and random streams never hang and only throw MalformedPacket")
  void mangledStreams() {
    List<Scenario> scenarios =
        ReplyTrackerTest.scenarios().map(arguments -> (Scenario) arguments.get()[0]).toList();
    assertTimeoutPreemptively(
        BUDGET,
        () -> {
          SplittableRandom random = new SplittableRandom(SEED);
          for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            Scenario scenario = scenarios.get(random.nextInt(scenarios.size()));
            byte[] bytes = ReplyTrackerTest.concat(scenario.stream().segments());
            List<Command> commands = scenario.commands();
            switch (random.nextInt(5)) {
              case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
              case 1 -> {
                for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                  bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
              }
              case 2 -> {
                bytes = new byte[random.nextInt(1, 200)];
                for (int i = 0; i < bytes.length; i++) {
                  bytes[i] = (byte) random.nextInt(256);
                }
              }
              case 3 ->
                  commands =
                      List.of(
                          TRACKABLE.get(random.nextInt(TRACKABLE.size())),
                          TRACKABLE.get(random.nextInt(TRACKABLE.size())));
              default -> {
                // a valid stream with a random tail: the tail must be refused, not ignored
                byte[] tail = new byte[random.nextInt(1, 20)];
                for (int i = 0; i < tail.length; i++) {
                  tail[i] = (byte) random.nextInt(256);
                }
                byte[] longer = Arrays.copyOf(bytes, bytes.length + tail.length);
                System.arraycopy(tail, 0, longer, bytes.length, tail.length);
                bytes = longer;
              }
            }
            feed(scenario, commands, bytes, random, iteration);
          }
        });
  }

  private static void feed(
      Scenario scenario, List<Command> commands, byte[] bytes, SplittableRandom random, int i) {
    ReplyTracker tracker = new ReplyTracker(scenario.capabilities(), reply -> {});
    tracker.checksumResults(random.nextBoolean());
    commands.forEach(tracker::expect);
    int offset = 0;
    try {
      while (offset < bytes.length) {
        if (tracker.awaitingLocalInfileData()) {
          tracker.localInfileDataEnded();
        }
        int length = Math.min(bytes.length - offset, random.nextInt(1, 64));
        ReplyTrackerTest.scan(tracker, bytes, offset, length);
        offset += length;
      }
      assertThat(tracker.outstanding()).isBetween(0, commands.size());
    } catch (MalformedPacketException expected) {
      // the documented failure
    } catch (RuntimeException e) {
      fail(
          "iteration "
              + i
              + " ("
              + scenario
              + ", "
              + commands
              + ") threw "
              + e
              + " on "
              + HexFormat.of().formatHex(bytes),
          e);
    }
  }
}
