package io.weir.admin.resource;

import io.weir.control.topic.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every accepted change, one JSON line each: when, who, what, and the resource before and after as
 * the API shows it (passwords masked). Lines go to the logger {@code weir.audit} and, when {@code
 * weir.admin.audit-file} is set, are appended to that file.
 */
public final class AuditLog {
  private static final Logger log = LoggerFactory.getLogger("weir.audit");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final @Nullable Path file;
  private final InstantSource clock;

  public AuditLog(@Nullable Path file, InstantSource clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Records a change that was stored.
   *
   * @param actor the account that made it
   * @param action what it was, e.g. {@code alter}
   * @param before the resource's body before, null when it did not exist
   * @param after its body after, null when it was deleted
   */
  public synchronized void record(
      String actor,
      String action,
      ResourceKey key,
      @Nullable String before,
      @Nullable String after) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", clock.instant().toString());
    entry.put("actor", actor);
    entry.put("action", action);
    entry.put("resource", key.text());
    entry.put("before", before == null ? null : ResourceDocuments.document(key, before));
    entry.put("after", after == null ? null : ResourceDocuments.document(key, after));
    append(entry);
  }

  /**
   * Records a change of something that is not a {@code weir.config} resource, such as an account of
   * the API, as the API shows it (never a password or its hash).
   *
   * @param resource what changed, e.g. {@code users/inet/bob}
   * @param before how it was, null when it did not exist
   * @param after how it is, null when it was deleted
   */
  public synchronized void record(
      String actor,
      String action,
      String resource,
      @Nullable Map<String, Object> before,
      @Nullable Map<String, Object> after) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", clock.instant().toString());
    entry.put("actor", actor);
    entry.put("action", action);
    entry.put("resource", resource);
    entry.put("before", before);
    entry.put("after", after);
    append(entry);
  }

  private void append(Map<String, Object> entry) {
    String line = JSON.writeValueAsString(entry);
    log.info(line);
    if (file != null) {
      try {
        Files.writeString(
            file,
            line + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the audit file " + file, e);
      }
    }
  }
}
