package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonObjectWriterTest {

  @Test
  @DisplayName("a string is copied as it is unless a character must be escaped, wherever it stands")
  void escapes() {
    assertThat(JsonObjectWriter.quoted("")).isEqualTo("\"\"");
    assertThat(JsonObjectWriter.quoted("café €")).isEqualTo("\"café €\"");
    assertThat(JsonObjectWriter.quoted("\"a\\b\"")).isEqualTo("\"\\\"a\\\\b\\\"\"");
    assertThat(JsonObjectWriter.quoted("x\ny\r\tz\b\f")).isEqualTo("\"x\\ny\\r\\tz\\b\\f\"");
    assertThat(JsonObjectWriter.quoted("\u0000a\u001f")).isEqualTo("\"\\u0000a\\u001f\"");
  }

  @Test
  @DisplayName("members keep the order they were added in, names quoted, raw values as given")
  void members() {
    assertThat(
            new JsonObjectWriter()
                .number("id", -1)
                .raw("price", "1.50")
                .string("na\"me", "x")
                .bool("ok", true)
                .finish())
        .isEqualTo("{\"id\":-1,\"price\":1.50,\"na\\\"me\":\"x\",\"ok\":true}");
  }
}
