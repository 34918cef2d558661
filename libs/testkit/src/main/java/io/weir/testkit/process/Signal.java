package io.weir.testkit.process;

/** POSIX signals the kit sends to the processes it runs. */
public enum Signal {
  /** Asks a process to shut down cleanly. */
  TERM,
  /** Ends a process at once, as a crash or an OOM kill would. */
  KILL,
  /** Freezes a process; its peers see a network hang, not a closed connection. */
  STOP,
  /** Thaws a process frozen with {@link #STOP}. */
  CONT
}
