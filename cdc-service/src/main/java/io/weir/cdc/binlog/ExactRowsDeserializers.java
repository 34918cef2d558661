package io.weir.cdc.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * The library's rows-event deserializers with each cell read by {@link ExactCellReader}: the
 * library lets a subclass replace {@code deserializeCell}, and that is the one place to get at a
 * cell's bytes.
 */
final class ExactRowsDeserializers {

  private ExactRowsDeserializers() {}

  static final class Write extends WriteRowsEventDataDeserializer {
    Write(Map<Long, TableMapEventData> tables) {
      super(tables);
    }

    @Override
    protected Serializable deserializeCell(
        ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
      return ExactCellReader.read(type, meta, length, in);
    }
  }

  static final class Update extends UpdateRowsEventDataDeserializer {
    Update(Map<Long, TableMapEventData> tables) {
      super(tables);
    }

    @Override
    protected Serializable deserializeCell(
        ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
      return ExactCellReader.read(type, meta, length, in);
    }
  }

  static final class Delete extends DeleteRowsEventDataDeserializer {
    Delete(Map<Long, TableMapEventData> tables) {
      super(tables);
    }

    @Override
    protected Serializable deserializeCell(
        ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
      return ExactCellReader.read(type, meta, length, in);
    }
  }
}
