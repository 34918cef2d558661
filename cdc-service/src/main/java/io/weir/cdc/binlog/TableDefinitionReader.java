package io.weir.cdc.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link TableDefinition} from a TABLE_MAP event's column list, asking {@link
 * InformationSchema} only for what the event lacks: names, signedness, character sets and ENUM/SET
 * members when the server does not log FULL row metadata, and whether a {@code BINARY(16)} is a
 * {@code UUID} or an {@code INET6}.
 */
final class TableDefinitionReader {

  private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
  private static final String[] GEOMETRY_TYPES = {
    "geometry",
    "point",
    "linestring",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
    "geometrycollection"
  };

  private final InformationSchema informationSchema;
  private final Map<Integer, String> charsetsByCollation;

  TableDefinitionReader(
      InformationSchema informationSchema, Map<Integer, String> charsetsByCollation) {
    this.informationSchema = informationSchema;
    this.charsetsByCollation = Map.copyOf(charsetsByCollation);
  }

  TableDefinition read(TableMapSignature map, int version) throws SQLException {
    int count = map.types().size();
    ColumnType[] types = new ColumnType[count];
    int[] lengths = new int[count];
    // which columns the character set lists count is not documented alike by every server
    // version; the list's length picks the reading (with GEOMETRY is MariaDB's own)
    List<Integer> characterColumns = new ArrayList<>();
    List<Integer> withoutGeometry = new ArrayList<>();
    List<Integer> withEnumAndSet = new ArrayList<>();
    boolean numeric = false;
    boolean maybeUuidOrInet6 = false;
    for (int i = 0; i < count; i++) {
      int code = map.types().get(i);
      int meta = map.metadata().get(i);
      ColumnType type = ColumnType.byCode(code);
      int length = -1;
      if (type == ColumnType.STRING) {
        length = meta;
        if (meta >= 256) {
          int meta0 = meta >> 8;
          if (meta0 == ColumnType.ENUM.getCode() || meta0 == ColumnType.SET.getCode()) {
            type = ColumnType.byCode(meta0);
            length = meta & 0xFF;
          } else {
            length = (meta & 0xFF) | (((meta0 & 0x30) ^ 0x30) << 4);
          }
        }
      }
      if (type == null) {
        throw new IllegalStateException(
            "column "
                + (i + 1)
                + " of "
                + map.database()
                + "."
                + map.table()
                + " has binlog type "
                + code
                + ", which is not supported");
      }
      types[i] = type;
      lengths[i] = length;
      switch (type) {
        case STRING, VARCHAR, VAR_STRING, BLOB -> {
          characterColumns.add(i);
          withoutGeometry.add(i);
          withEnumAndSet.add(i);
        }
        case GEOMETRY -> {
          characterColumns.add(i);
          withEnumAndSet.add(i);
        }
        case ENUM, SET -> withEnumAndSet.add(i);
        case TINY, SHORT, INT24, LONG, LONGLONG, NEWDECIMAL, FLOAT, DOUBLE, YEAR -> numeric = true;
        default -> {}
      }
      if (type == ColumnType.STRING && length == 16) {
        maybeUuidOrInet6 = true;
      }
    }

    List<Integer> charsetIndexed = characterColumns;
    int listed = map.columnCharsets().size();
    if (listed > 0 && listed != characterColumns.size()) {
      charsetIndexed = listed == withoutGeometry.size() ? withoutGeometry : withEnumAndSet;
    }

    List<InformationSchema.Column> described = List.of();
    boolean metadataMissing =
        !map.hasNames()
            || numeric && !map.hasSignedness()
            || !map.hasCharsets() && !characterColumns.isEmpty();
    if (metadataMissing || maybeUuidOrInet6) {
      described = informationSchema.columns(map.database(), map.table());
      if (metadataMissing && described.size() != count) {
        throw new IllegalStateException(
            map.database()
                + "."
                + map.table()
                + ": the binlog carries no column names"
                + " (is binlog_row_metadata=FULL?) and information_schema shows "
                + described.size()
                + " columns where the binlog has "
                + count);
      }
    }

    List<ColumnDefinition> columns = new ArrayList<>(count);
    int enumIndex = 0;
    int setIndex = 0;
    int geometryIndex = 0;
    for (int i = 0; i < count; i++) {
      ColumnType type = types[i];
      int meta = map.metadata().get(i);
      InformationSchema.@Nullable Column column =
          described.size() == count ? described.get(i) : null;
      String name = map.hasNames() ? map.names().get(i) : column.name();
      if (column != null && !column.name().equals(name)) {
        column = null; // the table changed since this row was written
      }
      boolean unsigned =
          map.hasSignedness()
              ? map.unsigned(i)
              : column != null && column.columnType().toLowerCase(Locale.ROOT).contains("unsigned");
      String charsetName = null;
      if (characterColumns.contains(i)) {
        int characterIndex = charsetIndexed.indexOf(i);
        charsetName =
            map.hasCharsets() && characterIndex >= 0
                ? charsetOf(map, characterIndex, charsetIndexed.size())
                : (column == null || column.characterSet() == null
                    ? "binary"
                    : column.characterSet());
      }
      List<String> values = List.of();
      if (type == ColumnType.ENUM) {
        values =
            enumIndex < map.enumValues().size()
                ? map.enumValues().get(enumIndex)
                : membersOf(column);
        enumIndex++;
      } else if (type == ColumnType.SET) {
        values =
            setIndex < map.setValues().size() ? map.setValues().get(setIndex) : membersOf(column);
        setIndex++;
      }
      String realType = realType(type, meta, charsetName);
      if (type == ColumnType.GEOMETRY) {
        int geometry =
            geometryIndex < map.geometryTypes().size() ? map.geometryTypes().get(geometryIndex) : 0;
        geometryIndex++;
        realType =
            geometry >= 0 && geometry < GEOMETRY_TYPES.length
                ? GEOMETRY_TYPES[geometry]
                : "geometry";
      }
      if (column != null
          && (column.dataType().equals("uuid") || column.dataType().equals("inet6"))) {
        realType = column.dataType();
      }
      Charset charset = javaCharset(charsetName);
      int length =
          realType.equals("uuid") || realType.equals("inet6")
              ? -1
              : declaredLength(type, meta, lengths[i], charsetName);
      columns.add(
          new ColumnDefinition(name, type, meta, unsigned, charset, values, realType, length));
    }
    return new TableDefinition(map.database(), map.table(), version, columns);
  }

  private String charsetOf(TableMapSignature map, int characterIndex, int characterColumns) {
    int collation;
    if (map.columnCharsets().size() == characterColumns) {
      collation = map.columnCharsets().get(characterIndex);
    } else {
      collation = map.charsetExceptions().getOrDefault(characterIndex, map.defaultCharset());
    }
    String charset = charsetsByCollation.get(collation);
    if (charset == null) {
      throw new IllegalStateException(
          map.database()
              + "."
              + map.table()
              + ": collation number "
              + collation
              + " is unknown to the server's information_schema");
    }
    return charset;
  }

  private static List<String> membersOf(InformationSchema.@Nullable Column column) {
    if (column == null) {
      return List.of();
    }
    List<String> members = new ArrayList<>();
    Matcher matcher = QUOTED.matcher(column.columnType());
    while (matcher.find()) {
      members.add(matcher.group(1).replace("''", "'"));
    }
    return members;
  }

  private static String realType(ColumnType type, int meta, @Nullable String charset) {
    boolean binary = charset == null || charset.equals("binary");
    return switch (type) {
      case TINY -> "tinyint";
      case SHORT -> "smallint";
      case INT24 -> "mediumint";
      case LONG -> "int";
      case LONGLONG -> "bigint";
      case FLOAT -> "float";
      case DOUBLE -> "double";
      case NEWDECIMAL, DECIMAL -> "decimal";
      case YEAR -> "year";
      case BIT -> "bit";
      case DATE, NEWDATE -> "date";
      case TIME, TIME_V2 -> "time";
      case DATETIME, DATETIME_V2 -> "datetime";
      case TIMESTAMP, TIMESTAMP_V2 -> "timestamp";
      case ENUM -> "enum";
      case SET -> "set";
      case STRING -> binary ? "binary" : "char";
      case VARCHAR, VAR_STRING -> binary ? "varbinary" : "varchar";
      case BLOB ->
          switch (meta) {
            case 1 -> binary ? "tinyblob" : "tinytext";
            case 2 -> binary ? "blob" : "text";
            case 3 -> binary ? "mediumblob" : "mediumtext";
            default -> binary ? "longblob" : "longtext";
          };
      case JSON -> "json";
      case GEOMETRY -> "geometry";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  private static int declaredLength(
      ColumnType type, int meta, int stringLength, @Nullable String charset) {
    return switch (type) {
      case STRING -> stringLength / bytesPerCharacter(charset);
      case VARCHAR, VAR_STRING -> meta / bytesPerCharacter(charset);
      case NEWDECIMAL -> meta & 0xFF;
      case BIT -> (meta >> 8) * 8 + (meta & 0xFF);
      default -> -1;
    };
  }

  private static int bytesPerCharacter(@Nullable String charset) {
    if (charset == null) {
      return 1;
    }
    return switch (charset) {
      case "utf8mb4", "utf16", "utf16le", "utf32" -> 4;
      case "utf8mb3", "utf8", "ujis", "eucjpms" -> 3;
      case "ucs2", "sjis", "cp932", "gbk", "big5", "euckr", "gb2312" -> 2;
      default -> 1;
    };
  }

  /** The Java charset of a MariaDB character set; null for {@code binary}. */
  static @Nullable Charset javaCharset(@Nullable String charset) {
    if (charset == null || charset.equals("binary")) {
      return null;
    }
    return switch (charset) {
      case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
      case "latin1" -> Charset.forName("windows-1252"); // MariaDB's latin1 is cp1252
      case "ascii" -> StandardCharsets.US_ASCII;
      case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
      case "utf16le" -> StandardCharsets.UTF_16LE;
      case "utf32" -> Charset.forName("UTF-32BE");
      case "latin2" -> Charset.forName("ISO-8859-2");
      case "latin5" -> Charset.forName("ISO-8859-9");
      case "latin7" -> Charset.forName("ISO-8859-13");
      case "greek" -> Charset.forName("ISO-8859-7");
      case "hebrew" -> Charset.forName("ISO-8859-8");
      case "koi8r" -> Charset.forName("KOI8-R");
      case "koi8u" -> Charset.forName("KOI8-U");
      case "sjis" -> Charset.forName("Shift_JIS");
      case "cp932" -> Charset.forName("windows-31j");
      case "ujis" -> Charset.forName("EUC-JP");
      case "euckr" -> Charset.forName("EUC-KR");
      case "gb2312" -> Charset.forName("GB2312");
      case "gbk" -> Charset.forName("GBK");
      case "big5" -> Charset.forName("Big5");
      case "cp1250", "cp1251", "cp1256", "cp1257" ->
          Charset.forName("windows-" + charset.substring(2));
      default -> {
        if (Charset.isSupported(charset)) {
          yield Charset.forName(charset);
        }
        throw new IllegalStateException(
            "character set " + charset + " has no Java equivalent here; add it to javaCharset");
      }
    };
  }
}
