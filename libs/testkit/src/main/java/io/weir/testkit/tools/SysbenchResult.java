package io.weir.testkit.tools;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code sysbench run} reported.
 *
 * @param transactionsPerSecond transactions per second
 * @param queriesPerSecond queries per second
 * @param latencyPercentileMillis the latency percentile asked for ({@code --percentile}), in ms
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

  /** Reads sysbench 1.0's report; fails naming the line it could not find. */
  public static SysbenchResult parse(String report) {
    return new SysbenchResult(
        Double.parseDouble(find(TRANSACTIONS, report, "transactions")),
        Double.parseDouble(find(QUERIES, report, "queries")),
        Double.parseDouble(find(PERCENTILE, report, "latency percentile")),
        Long.parseLong(find(IGNORED_ERRORS, report, "ignored errors")),
        Long.parseLong(find(RECONNECTS, report, "reconnects")));
  }

  private static String find(Pattern pattern, String report, String what) {
    Matcher matcher = pattern.matcher(report);
    if (!matcher.find()) {
      throw new IllegalArgumentException("no " + what + " line in sysbench's report:\n" + report);
    }
    return matcher.group(1);
  }
}
