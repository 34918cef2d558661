package io.weir.testkit.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code sysbench run} reported.
 *
 * @param transactionsPerSecond transactions per second
 * @param queriesPerSecond queries per second
 * @param latencyPercentileMillis the 95th latency percentile in ms, from the histogram when the
 *     report has one, else from sysbench's percentile line
 * @param ignoredErrors errors sysbench counted and went on after
 * @param reconnects reconnections sysbench needed
 */
public record SysbenchResult(
    double transactionsPerSecond,
    double queriesPerSecond,
    double latencyPercentileMillis,
    long ignoredErrors,
    long reconnects) {

  private static final Pattern TRANSACTIONS =
      Pattern.compile("transactions:\\s+\\d+\\s+\\(([\\d.]+) per sec\\.\\)");
  private static final Pattern QUERIES =
      Pattern.compile("queries:\\s+\\d+\\s+\\(([\\d.]+) per sec\\.\\)");
  private static final Pattern PERCENTILE =
      Pattern.compile("\\d+(?:th|st|nd|rd) percentile:\\s+([\\d.]+)");
  private static final Pattern IGNORED_ERRORS = Pattern.compile("ignored errors:\\s+(\\d+)");
  private static final Pattern RECONNECTS = Pattern.compile("reconnects:\\s+(\\d+)");
  // "       0.104 |****                                     412"
  private static final Pattern HISTOGRAM_LINE =
      Pattern.compile("^\\s+([\\d.]+) \\|[* ]*?\\s(\\d+)\\s*$", Pattern.MULTILINE);
  private static final double PERCENTILE_RANK = 95;

  /** Reads sysbench 1.0's report; fails naming the line it could not find. */
  public static SysbenchResult parse(String report) {
    double transactions = Double.parseDouble(find(TRANSACTIONS, report, "transactions"));
    double queries = Double.parseDouble(find(QUERIES, report, "queries"));
    double percentile = Double.parseDouble(find(PERCENTILE, report, "latency percentile"));
    return new SysbenchResult(
        transactions,
        queries,
        histogramPercentile(report, PERCENTILE_RANK).orElse(percentile),
        Long.parseLong(find(IGNORED_ERRORS, report, "ignored errors")),
        Long.parseLong(find(RECONNECTS, report, "reconnects")));
  }

  /**
   * The percentile from the latency histogram ({@code --histogram=on}), which sysbench prints with
   * three decimals where its percentile line has two: at a tenth of a millisecond the difference
   * between two proxies is in the third.
   */
  static OptionalDouble histogramPercentile(String report, double rank) {
    Matcher matcher = HISTOGRAM_LINE.matcher(report);
    List<double[]> buckets = new ArrayList<>();
    long total = 0;
    while (matcher.find()) {
      long count = Long.parseLong(matcher.group(2));
      buckets.add(new double[] {Double.parseDouble(matcher.group(1)), count});
      total += count;
    }
    if (total == 0) {
      return OptionalDouble.empty();
    }
    long wanted = (long) Math.ceil(total * rank / 100);
    long seen = 0;
    for (double[] bucket : buckets) {
      seen += (long) bucket[1];
      if (seen >= wanted) {
        return OptionalDouble.of(bucket[0]);
      }
    }
    return OptionalDouble.of(buckets.getLast()[0]);
  }

  private static String find(Pattern pattern, String report, String what) {
    Matcher matcher = pattern.matcher(report);
    if (!matcher.find()) {
      throw new IllegalArgumentException("no " + what + " line in sysbench's report:\n" + report);
    }
    return matcher.group(1);
  }
}
