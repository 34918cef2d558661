package io.weir.cdc.binlog;

import java.io.Serializable;

/**
 * What {@link ExactCellReader} keeps of a cell whose spelling needs the column's definition
 * (signedness, ENUM/SET members, the character set), which the row deserializer does not have.
 * Temporal values, decimals and floating point numbers need no definition and are spelled at once.
 */
sealed interface RawCell extends Serializable {

  /** An integer's bits; signed or unsigned is decided by the column. */
  record Integer(long bits, int bytes) implements RawCell {}

  /** A BIT(n) value, at most 64 bits, as an unsigned number. */
  record Bits(long value) implements RawCell {}

  /** An ENUM's 1-based member number (0 is MariaDB's empty error value). */
  record Enum(int index) implements RawCell {}

  /** A SET's members as a bit mask, bit 0 the first member. */
  record Set(long mask) implements RawCell {}

  /** A YEAR (0 for {@code 0000}). */
  record Year(int year) implements RawCell {}

  /** Bytes of a CHAR, VARCHAR, BINARY, TEXT, BLOB, JSON or GEOMETRY column. */
  record Bytes(byte[] value) implements RawCell {}

  /** A value already spelled: DATE, TIME, DATETIME, TIMESTAMP. */
  record Spelled(String text) implements RawCell {}

  /** A DECIMAL with its scale, a FLOAT or a DOUBLE, already as a JSON number. */
  record Number(String json) implements RawCell {}
}
