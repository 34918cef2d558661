package io.weir.sql.classify;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One case of the golden files in {@code src/test/resources/classify/*.cases}.
 *
 * <p>A case is a block of {@code key: value} lines; blank lines separate cases and lines starting
 * with {@code #} are comments. Keys: {@code sql} (required; following lines that start with {@code
 * | } continue it, or {@code prepared}, after a newline), {@code types} (required: QueryType names
 * separated by spaces, in any order), {@code object}, {@code prepared}, {@code multi} ({@code
 * true}; false when absent), {@code hint} (once per expected hint comment body, in order) and
 * {@code tables} (comma-separated names expected from {@link QueryClassifier#tables}; not checked
 * when absent).
 */
record ClassificationCase(
    String file,
    int line,
    String sql,
    long typeMask,
    @Nullable String object,
    @Nullable String prepared,
    boolean multi,
    List<String> hints,
    @Nullable List<String> tables) {

  String where() {
    return file + ":" + line;
  }

  static List<ClassificationCase> all() {
    URL dir = ClassificationCase.class.getResource("/classify");
    if (dir == null) {
      throw new IllegalStateException("no classify/ test resources");
    }
    List<ClassificationCase> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".cases")).sorted().toList()) {
        cases.addAll(read(file));
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return cases;
  }

  private static List<ClassificationCase> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<ClassificationCase> cases = new ArrayList<>();
    Builder b = null;
    for (int i = 0; i <= lines.size(); i++) {
      String line = i < lines.size() ? lines.get(i) : "";
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isBlank()) {
        if (b != null) {
          cases.add(b.build());
          b = null;
        }
        continue;
      }
      String name = file.getFileName().toString();
      if (b == null) {
        b = new Builder(name, i + 1);
      }
      if (line.startsWith("| ") || line.equals("|")) {
        String more = "\n" + (line.length() > 2 ? line.substring(2) : "");
        if ("sql".equals(b.lastKey) && b.sql != null) {
          b.sql = b.sql + more;
        } else if ("prepared".equals(b.lastKey) && b.prepared != null) {
          b.prepared = b.prepared + more;
        } else {
          throw new IllegalArgumentException(
              name + ":" + (i + 1) + ": '| ' continues only sql: or prepared:");
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(name + ":" + (i + 1) + ": expected 'key: value'");
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      b.lastKey = key;
      switch (key) {
        case "sql" -> b.sql = value;
        case "types" -> {
          long mask = 0;
          for (String type : value.strip().split("\\s+")) {
            if (!type.isEmpty()) {
              mask |= QueryType.valueOf(type.toUpperCase(Locale.ROOT)).bit();
            }
          }
          b.types = mask;
        }
        case "object" -> b.object = value;
        case "prepared" -> b.prepared = value;
        case "multi" -> b.multi = Boolean.parseBoolean(value.strip());
        case "hint" -> b.hints.add(value);
        case "tables" ->
            b.tables =
                value.isBlank()
                    ? List.of()
                    : Arrays.stream(value.split(",")).map(String::strip).toList();
        default ->
            throw new IllegalArgumentException(name + ":" + (i + 1) + ": unknown key " + key);
      }
    }
    return cases;
  }

  /** The names of the types in a mask, in declaration order. */
  static String names(long mask) {
    StringBuilder s = new StringBuilder();
    for (QueryType t : QueryType.values()) {
      if (t.in(mask)) {
        s.append(s.isEmpty() ? "" : " ").append(t.name());
      }
    }
    return s.toString();
  }

  private static final class Builder {
    final String file;
    final int line;
    @Nullable String sql;
    long types = -1;
    @Nullable String object;
    @Nullable String prepared;
    boolean multi;
    final List<String> hints = new ArrayList<>();
    @Nullable List<String> tables;
    @Nullable String lastKey;

    Builder(String file, int line) {
      this.file = file;
      this.line = line;
    }

    ClassificationCase build() {
      if (sql == null || types < 0) {
        throw new IllegalArgumentException(file + ":" + line + ": a case needs sql: and types:");
      }
      return new ClassificationCase(
          file, line, sql, types, object, prepared, multi, List.copyOf(hints), tables);
    }
  }
}
