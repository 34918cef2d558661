package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cdc.event.GtidPosition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

  @Test
  void writesAndReadsCurrentGtidTxt(@TempDir Path directory) throws Exception {
    StateFile state = new StateFile(directory.resolve("cdc"));
    assertThat(state.read()).isEmpty();

    state.write(GtidPosition.parse("0-1-5,1-2-7"));

    assertThat(Files.readString(directory.resolve("cdc/current_gtid.txt")))
        .isEqualTo("0-1-5,1-2-7\n");
    assertThat(state.read()).contains(GtidPosition.parse("0-1-5,1-2-7"));
  }

  @Test
  void aDamagedFileIsNamedWithWhatToDo(@TempDir Path directory) throws Exception {
    Files.writeString(directory.resolve("current_gtid.txt"), "garbage");

    assertThatThrownBy(() -> new StateFile(directory).read())
        .hasMessageContaining("current_gtid.txt does not hold a GTID list")
        .hasMessageContaining("delete it to start over");
  }
}
