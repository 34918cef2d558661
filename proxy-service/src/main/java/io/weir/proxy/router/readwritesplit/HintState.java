package io.weir.proxy.router.readwritesplit;

import io.weir.sql.hint.Hint;
import io.weir.sql.hint.HintParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's routing hints in MaxScale's hint syntax: named hints defined with {@code prepare},
 * the stack that {@code begin} pushes and {@code end} pops, and the hints of the current statement.
 * A statement's own hint wins over the stack's.
 */
final class HintState {
  private static final Logger log = LoggerFactory.getLogger(HintState.class);

  private final Map<String, Hint> named = new HashMap<>();
  private final Deque<Hint> stack = new ArrayDeque<>();

  /** What applies to one statement. */
  record Applied(Hint.@Nullable Route route, @Nullable Long maxReplicationLagSeconds) {
    static final Applied NONE = new Applied(null, null);
  }

  /** Reads the statement's hint comments, updates the stack and returns what applies to it. */
  Applied apply(List<String> comments, long sessionId) {
    if (comments.isEmpty()) {
      return stack.isEmpty() ? Applied.NONE : fromStack();
    }
    Hint.Route route = null;
    Long lag = null;
    for (String comment : comments) {
      Hint hint = HintParser.parse(comment);
      switch (hint) {
        case Hint.Route r -> route = r;
        case Hint.Parameter parameter -> lag = lagOf(parameter, sessionId, lag);
        case Hint.Define define -> named.put(define.name(), define.hint());
        case Hint.BeginNamed begin -> {
          Hint defined = named.get(begin.name());
          if (defined == null) {
            log.debug("session {}: hint '{}' was never prepared", sessionId, begin.name());
          } else {
            stack.push(defined);
          }
        }
        case Hint.Begin begin -> stack.push(begin.hint());
        case Hint.End end -> {
          if (!stack.isEmpty()) {
            stack.pop();
          }
        }
        case Hint.Invalid invalid ->
            log.debug(
                "session {}: ignored hint '{}': {}", sessionId, invalid.text(), invalid.reason());
      }
    }
    if (route == null && lag == null) {
      return stack.isEmpty() ? Applied.NONE : fromStack();
    }
    return new Applied(route, lag);
  }

  /** COM_RESET_CONNECTION forgets hints as it forgets everything else of the session. */
  void reset() {
    named.clear();
    stack.clear();
  }

  private Applied fromStack() {
    Hint top = stack.peek();
    return switch (top) {
      case Hint.Route route -> new Applied(route, null);
      case Hint.Parameter parameter -> new Applied(null, lagOf(parameter, 0, null));
      case null, default -> Applied.NONE;
    };
  }

  private static @Nullable Long lagOf(
      Hint.Parameter parameter, long sessionId, @Nullable Long otherwise) {
    if (!parameter.name().equalsIgnoreCase("max_slave_replication_lag")) {
      log.debug("session {}: ignored unknown hint parameter '{}'", sessionId, parameter.name());
      return otherwise;
    }
    try {
      return Long.parseLong(parameter.value().strip());
    } catch (NumberFormatException e) {
      log.debug("session {}: ignored hint value '{}'", sessionId, parameter.value());
      return otherwise;
    }
  }
}
