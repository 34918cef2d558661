package io.weir.proxy.router.readwritesplit;

/** readwritesplit's {@code master_failure_mode}: what a session does without a master. */
public enum MasterFailureMode {
  /** Close the session as soon as its master is lost; refuse sessions while there is none. */
  FAIL_INSTANTLY,
  /** Keep serving reads; close the session at the first write. */
  FAIL_ON_WRITE,
  /** Keep serving reads; answer writes with a read-only error. */
  ERROR_ON_WRITE
}
