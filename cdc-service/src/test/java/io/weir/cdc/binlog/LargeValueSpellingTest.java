package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The spelling of large values, which avoids copies: the same text as the general path. */
class LargeValueSpellingTest {

  @Test
  @DisplayName(
      "binary is spelled as quoted base64 straight from the bytes, BINARY(n) padded, the same as"
          + " quoting the base64 text")
  void quotedBase64MatchesTheBase64Text() {
    var blob =
        new ColumnDefinition("b", ColumnType.BLOB, 4, false, null, List.of(), "longblob", -1);
    var binary =
        new ColumnDefinition("b", ColumnType.STRING, 0, false, null, List.of(), "binary", 4);
    for (byte[] value :
        List.of(new byte[0], new byte[] {1}, new byte[] {1, 2}, new byte[] {-1, 0, 1, 2, 3})) {
      assertThat(ValueSpelling.json(new RawCell.Bytes(value), blob))
          .isEqualTo(JsonObjectWriter.quoted(ValueSpelling.bytes(value, blob)))
          .isEqualTo("\"" + Base64.getEncoder().encodeToString(value) + "\"");
    }
    assertThat(ValueSpelling.json(new RawCell.Bytes(new byte[] {'a', 'b'}), binary))
        .isEqualTo("\"YWIAAA==\"");
  }

  @Test
  @DisplayName("a large value keeps its place among the members of a document")
  void largeValuesKeepTheirPlace() {
    String large = "\"" + "x".repeat(100_000) + "\"";
    String json =
        new JsonObjectWriter()
            .number("a", 1)
            .raw("big", large)
            .string("c", "d")
            .raw("big2", large)
            .finish();

    assertThat(json)
        .isEqualTo("{\"a\":1,\"big\":" + large + ",\"c\":\"d\",\"big2\":" + large + "}");
  }
}
