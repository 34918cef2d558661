package io.weir.testkit.service;

/**
 * One answer of an actuator health endpoint or group.
 *
 * @param httpStatus the HTTP status: 200 while the status is {@code UP}, 503 otherwise (Spring
 *     Boot's default mapping, which Kubernetes probes rely on)
 * @param status the {@code status} field of the body: {@code UP}, {@code DOWN}, {@code
 *     OUT_OF_SERVICE} or {@code UNKNOWN}
 */
public record HealthStatus(int httpStatus, String status) {

  public static final String UP = "UP";

  /** Whether both the HTTP status and the body say the service is up, as a probe would decide. */
  public boolean isUp() {
    return httpStatus == 200 && UP.equals(status);
  }

  @Override
  public String toString() {
    return status + " (HTTP " + httpStatus + ")";
  }
}
