package io.weir.proxy.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProxyErrorCatalogueTest {

  /** Run with -Dweir.regenerate=true to rewrite the reference after changing the catalogue. */
  private static final Path REFERENCE = Path.of("..", "docs", "proxy-errors.md");

  @Test
  void messagesReadAsMariaDbWritesThem() {
    assertThat(ProxyError.ACCESS_DENIED.message("app", "127.0.0.1", "YES"))
        .isEqualTo("Access denied for user 'app'@'127.0.0.1' (using password: YES)");
    assertThat(ProxyError.UNKNOWN_DATABASE.message("nope")).isEqualTo("Unknown database 'nope'");
    assertThat(ProxyError.DATABASE_ACCESS_DENIED.message("app", "%", "mysql"))
        .isEqualTo("Access denied for user 'app'@'%' to database 'mysql'");
  }

  @Test
  void everyErrorHasAFiveCharacterSqlStateAndAUniqueMessage() {
    // several entries share 1045 on purpose: drivers react to the errno, people to the message
    assertThat(ProxyError.values()).allSatisfy(error -> assertThat(error.sqlState()).hasSize(5));
    assertThat(Arrays.stream(ProxyError.values()).map(ProxyError::pattern).distinct())
        .hasSize(ProxyError.values().length);
  }

  @Test
  void referenceDocumentIsGeneratedFromTheCatalogue() throws IOException {
    String rendered = render();
    if (Boolean.getBoolean("weir.regenerate")) {
      Files.writeString(REFERENCE, rendered);
    }
    assertThat(REFERENCE)
        .as("docs/proxy-errors.md is stale; rerun this test with -Dweir.regenerate=true")
        .hasContent(rendered);
  }

  private static String render() {
    String rows =
        Arrays.stream(ProxyError.values())
            .map(
                error ->
                    "| `"
                        + error.name()
                        + "` | "
                        + error.errno()
                        + " | `"
                        + error.sqlState()
                        + "` | "
                        + error.pattern().replace("%s", "…")
                        + " |")
            .collect(Collectors.joining("\n"));
    return """
        # Errors the proxy sends

        Generated from `proxy-service/src/main/java/io/weir/proxy/error/ProxyError.java` by
        `ProxyErrorCatalogueTest`; do not edit by hand. Each error uses the number, SQLSTATE and
        wording MariaDB uses for the same condition, so drivers react as they would to the server.

        The proxy does not accept client connections yet; this is the catalogue its listeners will
        answer with.

        | error | errno | SQLSTATE | message |
        |---|---|---|---|
        """
        + rows
        + "\n";
  }
}
