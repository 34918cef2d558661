package io.weir.bench.sql;

import io.weir.sql.classify.QueryClassification;
import io.weir.sql.classify.QueryClassifier;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What classifying a statement costs on the proxy's path: {@link QueryClassifier#classify(byte[],
 * int, int)} of each statement sysbench's OLTP workloads send, and of a mix of them, next to a
 * baseline measured in the same run, {@code new String(bytes, UTF_8).toLowerCase()} of the same
 * statement, the cost of merely decoding it. Average time per operation, in nanoseconds.
 *
 * <p>Run with {@code bench/run-classifier [forks warmup-iterations measurement-iterations]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QueryClassifierBenchmark {

  /** sysbench's statements with the values its prepared statements are executed with. */
  static final Map<String, String> STATEMENTS = new LinkedHashMap<>();

  static {
    STATEMENTS.put("point_select", "SELECT c FROM sbtest1 WHERE id=5017");
    STATEMENTS.put("simple_range", "SELECT c FROM sbtest1 WHERE id BETWEEN 4990 AND 5089");
    STATEMENTS.put("sum_range", "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 4990 AND 5089");
    STATEMENTS.put(
        "order_range", "SELECT c FROM sbtest1 WHERE id BETWEEN 4990 AND 5089 ORDER BY c");
    STATEMENTS.put(
        "distinct_range",
        "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 4990 AND 5089 ORDER BY c");
    STATEMENTS.put("index_update", "UPDATE sbtest1 SET k=k+1 WHERE id=5021");
    STATEMENTS.put(
        "non_index_update",
        "UPDATE sbtest1 SET c='68487932199-96439406143-93774651418-41631865787-96406072701-"
            + "20604855487-25459966574-28203206787-41238978918-19503783441' WHERE id=5021");
    STATEMENTS.put("delete", "DELETE FROM sbtest1 WHERE id=5021");
    STATEMENTS.put(
        "insert",
        "INSERT INTO sbtest1 (id, k, c, pad) VALUES (5021, 4998, '68487932199-96439406143-"
            + "93774651418-41631865787-96406072701-20604855487-25459966574-28203206787-"
            + "41238978918-19503783441', '22195207048-70116052123-74140395089-76317954521-"
            + "98694025897')");
    STATEMENTS.put("begin", "BEGIN");
    STATEMENTS.put("commit", "COMMIT");
  }

  @Param({
    "point_select",
    "simple_range",
    "sum_range",
    "order_range",
    "distinct_range",
    "index_update",
    "non_index_update",
    "delete",
    "insert",
    "begin",
    "commit"
  })
  public String statement = "point_select";

  private byte[] sql = new byte[0];

  @Setup(Level.Trial)
  public void setUp() {
    sql = STATEMENTS.get(statement).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public QueryClassification classify() {
    return QueryClassifier.classify(sql, 0, sql.length);
  }

  @Benchmark
  public String decodeBaseline() {
    return new String(sql, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  /** All of sysbench's statements in turn: one operation classifies one of them. */
  @State(Scope.Thread)
  public static class Mix {
    private final byte[][] statements =
        STATEMENTS.values().stream()
            .map(s -> s.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    private int next;

    byte[] next() {
      byte[] s = statements[next];
      next = next + 1 == statements.length ? 0 : next + 1;
      return s;
    }
  }

  @Benchmark
  public QueryClassification classifyMix(Mix mix) {
    byte[] s = mix.next();
    return QueryClassifier.classify(s, 0, s.length);
  }

  @Benchmark
  public String decodeBaselineMix(Mix mix) {
    return new String(mix.next(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  private static Options options(int forks, int warmups, int iterations, String include) {
    return new OptionsBuilder()
        .include(include)
        .forks(forks)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(GCProfiler.class)
        .build();
  }

  private static volatile long sink;

  /**
   * Thread CPU time per classification over a warmed-up loop: unlike JMH's wall-clock figures, it
   * does not count the time other processes on a shared machine hold the core.
   */
  private static double cpuNanosPerClassification(String row) {
    byte[][] statements =
        (row.equals("mix") ? STATEMENTS.values().stream() : Stream.of(STATEMENTS.get(row)))
            .map(s -> s.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long acc = 0;
    int n = 2_000_000;
    for (int i = 0; i < n; i++) {
      byte[] s = statements[i % statements.length];
      acc += QueryClassifier.classify(s, 0, s.length).typeMask();
    }
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      byte[] s = statements[i % statements.length];
      acc += QueryClassifier.classify(s, 0, s.length).typeMask();
    }
    long cpu = threads.getCurrentThreadCpuTime() - start;
    sink = acc;
    return (double) cpu / n;
  }

  public static void main(String[] args) throws Exception {
    int forks = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String prefix = QueryClassifierBenchmark.class.getName() + "\\.";
    Collection<RunResult> results = new ArrayList<>();
    // each statement on its own, then the mix once (the mix does not depend on the parameter)
    results.addAll(
        new Runner(options(forks, warmups, iterations, prefix + "(classify|decodeBaseline)$"))
            .run());
    results.addAll(
        new Runner(
                new OptionsBuilder()
                    .parent(options(forks, warmups, iterations, prefix + ".*Mix$"))
                    .param("statement", "point_select")
                    .build())
            .run());
    // per row: classify median, classify best, decode median, decode best (ns per operation)
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (String name : STATEMENTS.keySet()) {
      rows.put(
          name,
          new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
    }
    rows.put(
        "mix",
        new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
    for (RunResult result : results) {
      String method = result.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      String row = method.endsWith("Mix") ? "mix" : result.getParams().getParam("statement");
      double[] cells = rows.get(row);
      if (cells == null) {
        continue;
      }
      List<Double> scores = new ArrayList<>();
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        for (IterationResult iteration : fork.getIterationResults()) {
          scores.add(iteration.getPrimaryResult().getScore());
        }
      }
      Collections.sort(scores);
      double median =
          scores.size() % 2 == 1
              ? scores.get(scores.size() / 2)
              : (scores.get(scores.size() / 2 - 1) + scores.get(scores.size() / 2)) / 2;
      int column = method.startsWith("classify") ? 0 : 2;
      cells[column] = median;
      cells[column + 1] = scores.getFirst();
      if (column == 0) {
        Result<?> allocated = result.getSecondaryResults().get("gc.alloc.rate.norm");
        cells[4] = allocated == null ? Double.NaN : allocated.getScore();
      }
    }
    // compile the classifier for every statement before timing any of them
    for (int i = 0; i < 3; i++) {
      cpuNanosPerClassification("mix");
    }
    for (Map.Entry<String, double[]> row : rows.entrySet()) {
      row.getValue()[5] = cpuNanosPerClassification(row.getKey());
    }
    PrintStream out = System.out;
    out.println();
    out.printf(
        "%-18s %12s %12s %12s %12s %9s %10s %6s %7s%n",
        "statement",
        "classify p50",
        "best",
        "decode p50",
        "best",
        "p50 ratio",
        "best ratio",
        "B/op",
        "cpu ns");
    for (Map.Entry<String, double[]> row : rows.entrySet()) {
      double[] c = row.getValue();
      out.printf(
          Locale.ROOT,
          "%-18s %12.1f %12.1f %12.1f %12.1f %8.2fx %9.2fx %6.0f %7.1f%n",
          row.getKey(),
          c[0],
          c[1],
          c[2],
          c[3],
          c[0] / c[2],
          c[1] / c[3],
          c[4],
          c[5]);
    }
    out.println(
        "ns per operation: median and best of the measured iterations; on a shared machine the"
            + " best is the closer estimate of the uncontended cost");
    out.println(
        "B/op: bytes allocated per classification (JMH's GC profiler); cpu ns: this thread's CPU"
            + " time per classification over a timed loop outside JMH, which a busy machine"
            + " inflates far less than wall-clock time");
    out.println("ratio = classify / decode baseline (new String(bytes, UTF_8).toLowerCase())");
  }
}
