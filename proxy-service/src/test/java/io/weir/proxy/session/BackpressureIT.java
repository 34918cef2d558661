package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.weir.proxy.testing.RawClient;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client that reads a 2 GiB result more slowly than the server sends it makes the proxy stop
 * reading the server instead of buffering: the proxy (in this JVM) keeps its heap and direct memory
 * flat while every byte arrives.
 */
@WithMariaDb(replicas = 1)
class BackpressureIT {
  private static final long MIB = 1024 * 1024;
  private static final int ROWS = 2048;
  private static final long BOUND = 64 * MIB;

  @Test
  @DisplayName("a slow reader of a 2 GiB result keeps the proxy's heap and direct memory bounded")
  void slowReaderOfTwoGibibytes(MariaDbTopology topology) throws Exception {
    try (TestingProxy proxy = TestingProxy.start(topology, "master");
        RawClient client =
            RawClient.connect(proxy.host(), proxy.port(), Duration.ofSeconds(30), 64 * 1024)) {
      RawClient.Packet login =
          client.authenticate(
              Credentials.APPLICATION.user(), Credentials.APPLICATION.password(), "app");
      assertThat(login.isOk()).as("%s", login).isTrue();

      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      AtomicLong maxHeapGrowth = new AtomicLong();
      AtomicLong maxDirect = new AtomicLong();
      AtomicLong maxAllocatorDirect = new AtomicLong();
      AtomicLong samples = new AtomicLong();
      AtomicBoolean done = new AtomicBoolean();
      ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
      Thread sampler =
          Thread.ofPlatform()
              .name("backpressure-sampler")
              .daemon()
              .start(
                  () -> {
                    while (!done.get()) {
                      System.gc();
                      long heap = memory.getHeapMemoryUsage().getUsed() - heapBefore;
                      maxHeapGrowth.accumulateAndGet(heap, Math::max);
                      maxDirect.accumulateAndGet(PlatformDependent.usedDirectMemory(), Math::max);
                      if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
                        maxAllocatorDirect.accumulateAndGet(
                            provider.metric().usedDirectMemory(), Math::max);
                      }
                      samples.incrementAndGet();
                      try {
                        Thread.sleep(500);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });

      long started = System.nanoTime();
      RawClient.Drained drained;
      try {
        client.writePacket(
            0,
            ("\u0003SELECT REPEAT('x', 1024 * 1024) FROM seq_1_to_" + ROWS)
                .getBytes(StandardCharsets.UTF_8));
        // about 100 MiB/s at most: slower than the server and the proxy, so the proxy must wait
        drained =
            client.drainResult(
                bytes -> {
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
      } finally {
        done.set(true);
        sampler.join();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf(
          "BackpressureIT: %d rows, %d bytes in %s (%.0f MiB/s); max heap growth %d MiB, max"
              + " direct %d MiB (allocator %d MiB), %d samples%n",
          drained.rows(),
          drained.bytes(),
          took,
          drained.bytes() / (double) MIB / Math.max(1, took.toMillis()) * 1000,
          maxHeapGrowth.get() / MIB,
          maxDirect.get() / MIB,
          maxAllocatorDirect.get() / MIB,
          samples.get());

      assertThat(drained.end()).isNotNull();
      assertThat(drained.end().isEof()).as("%s", drained.end()).isTrue();
      assertThat(drained.rows()).isEqualTo(ROWS);
      // each row: its packet header, the 0xFD length prefix and 1 MiB of 'x'
      assertThat(drained.bytes()).isEqualTo(ROWS * (4 + 4 + MIB));
      assertThat(samples.get()).isGreaterThan(4);
      assertThat(maxHeapGrowth.get()).isLessThan(BOUND);
      assertThat(maxDirect.get()).isLessThan(BOUND);
      assertThat(maxAllocatorDirect.get()).isLessThan(BOUND);
      assertThat(client.query("SELECT 1").rows()).containsExactly(List.of("1"));
    }
  }
}
