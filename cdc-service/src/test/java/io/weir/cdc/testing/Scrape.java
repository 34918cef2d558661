package io.weir.cdc.testing;

import io.weir.testkit.service.ActuatorClient;
import io.weir.testkit.service.ServiceProcess;
import java.util.List;

/** One value of a running service's Prometheus scrape. */
public final class Scrape {

  private Scrape() {}

  /**
   * The sum of the samples of {@code metric} (its Prometheus name) whose labels include every
   * {@code label="value"} of {@code labels}; 0 when there is none or the service does not answer.
   */
  public static double value(ServiceProcess service, String metric, String... labels) {
    String text;
    try (ActuatorClient actuator = service.actuator()) {
      text = actuator.prometheus();
    } catch (RuntimeException e) {
      return 0;
    }
    double sum = 0;
    for (String line : text.lines().toList()) {
      if (!line.startsWith(metric + "{")) {
        continue;
      }
      String labelText = line.substring(metric.length(), line.lastIndexOf('}') + 1);
      if (List.of(labels).stream().allMatch(labelText::contains)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** {@code name="value"}, as a label appears in the scrape. */
  public static String label(String name, String value) {
    return name + "=\"" + value + "\"";
  }
}
