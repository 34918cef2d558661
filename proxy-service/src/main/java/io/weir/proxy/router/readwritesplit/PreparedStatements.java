package io.weir.proxy.router.readwritesplit;

import io.weir.sql.classify.QueryClassification;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The binary-protocol prepared statements of a session. The client sees one id per statement; each
 * of the session's connections prepared it under its own id. Parameter types, which a client sends
 * only with the first execute, are kept so that they can be sent again to a connection that has not
 * seen them.
 */
final class PreparedStatements {

  /** MariaDB's statement id meaning "the statement prepared last" (-1 as an unsigned int). */
  static final int LAST_PREPARED = 0xFFFFFFFF;

  /** One statement. */
  static final class Statement {
    private final int clientId;
    private final QueryClassification classification;
    private final String text;
    private final Map<SessionBackend, Long> backendIds = new IdentityHashMap<>();
    private final Set<SessionBackend> typesSent =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int parameters;
    private byte @Nullable [] types;
    private @Nullable SessionBackend executedOn;
    private @Nullable SessionBackend longDataOn;

    Statement(int clientId, QueryClassification classification, String text) {
      this.clientId = clientId;
      this.classification = classification;
      this.text = text;
    }

    /** The statement's SQL, for the tables it names. */
    String text() {
      return text;
    }

    /**
     * The connection that holds long data sent for the next execute, which must run there; null
     * when none was sent.
     */
    @Nullable SessionBackend longDataOn() {
      return longDataOn;
    }

    void longDataOn(@Nullable SessionBackend backend) {
      this.longDataOn = backend;
    }

    int clientId() {
      return clientId;
    }

    QueryClassification classification() {
      return classification;
    }

    int parameters() {
      return parameters;
    }

    void parameters(int count) {
      this.parameters = count;
    }

    void preparedOn(SessionBackend backend, long id) {
      backendIds.put(backend, id);
    }

    /** The backend's id of this statement, or -1 when the backend does not have it. */
    long idOn(SessionBackend backend) {
      Long id = backendIds.get(backend);
      return id == null ? -1 : id;
    }

    Set<SessionBackend> backends() {
      return backendIds.keySet();
    }

    void forget(SessionBackend backend) {
      backendIds.remove(backend);
      typesSent.remove(backend);
      if (executedOn == backend) {
        executedOn = null;
      }
      if (longDataOn == backend) {
        longDataOn = null;
      }
    }

    /** The parameter types the client sent last ({@code 2 × parameters} bytes), if ever. */
    byte @Nullable [] types() {
      return types;
    }

    void types(byte[] sent, SessionBackend to) {
      if (types == null || !java.util.Arrays.equals(types, sent)) {
        // new types: every other backend needs them with its next execute
        types = sent;
        typesSent.clear();
      }
      typesSent.add(to);
    }

    boolean typesSentTo(SessionBackend backend) {
      return typesSent.contains(backend);
    }

    void typesResentTo(SessionBackend backend) {
      typesSent.add(backend);
    }

    /** Where the last execute ran: COM_STMT_FETCH reads its cursor there. */
    @Nullable SessionBackend executedOn() {
      return executedOn;
    }

    void executedOn(SessionBackend backend) {
      this.executedOn = backend;
    }
  }

  private final Map<Integer, Statement> statements = new HashMap<>();
  private int nextId = 1;
  private int lastPrepared;

  /** A new statement with the next client-visible id. */
  Statement add(QueryClassification classification, String text) {
    int id = nextId++;
    if (nextId == LAST_PREPARED || nextId == 0) {
      nextId = 1;
    }
    Statement statement = new Statement(id, classification, text);
    statements.put(id, statement);
    lastPrepared = id;
    return statement;
  }

  /** The statement the client means by {@code clientId} (resolving -1), or null. */
  @Nullable Statement find(int clientId) {
    return statements.get(clientId == LAST_PREPARED ? lastPrepared : clientId);
  }

  @Nullable Statement remove(int clientId) {
    return statements.remove(clientId == LAST_PREPARED ? lastPrepared : clientId);
  }

  /** A backend connection is gone: its ids mean nothing any more. */
  void forget(SessionBackend backend) {
    for (Statement statement : statements.values()) {
      statement.forget(backend);
    }
  }

  void clear() {
    statements.clear();
    lastPrepared = 0;
  }

  Iterable<Statement> all() {
    return statements.values();
  }
}
