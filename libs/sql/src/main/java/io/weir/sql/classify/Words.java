package io.weir.sql.classify;

import java.nio.charset.StandardCharsets;

/**
 * The words the classifier knows, in one open-addressing hash table over their lowercase ASCII
 * bytes, so that the lexer looks a word up without allocating. An entry holds a keyword id (the
 * constants below, 0 for none) and function flags; a word followed by {@code (} that is in the
 * table without a function flag is a keyword, not a call.
 */
final class Words {

  static final int SELECT = 1;
  static final int SHOW = 2;
  static final int DESCRIBE = 3;
  static final int DESC = 4;
  static final int EXPLAIN = 5;
  static final int HELP = 6;
  static final int VALUES = 7;
  static final int VALUE = 8;
  static final int TABLE = 9;
  static final int TABLES = 10;
  static final int WITH = 11;
  static final int RECURSIVE = 12;
  static final int DO = 13;
  static final int INSERT = 14;
  static final int REPLACE = 15;
  static final int UPDATE = 16;
  static final int DELETE = 17;
  static final int LOAD = 18;
  static final int DATA = 19;
  static final int XML = 20;
  static final int INDEX = 21;
  static final int CREATE = 22;
  static final int ALTER = 23;
  static final int DROP = 24;
  static final int RENAME = 25;
  static final int TRUNCATE = 26;
  static final int TEMPORARY = 27;
  static final int OR = 28;
  static final int IF = 29;
  static final int NOT = 30;
  static final int EXISTS = 31;
  static final int GRANT = 32;
  static final int REVOKE = 33;
  static final int CALL = 34;
  static final int HANDLER = 35;
  static final int FLUSH = 36;
  static final int ANALYZE = 37;
  static final int OPTIMIZE = 38;
  static final int REPAIR = 39;
  static final int CHECK = 40;
  static final int CHECKSUM = 41;
  static final int XA = 42;
  static final int START = 43;
  static final int BEGIN = 44;
  static final int COMMIT = 45;
  static final int ROLLBACK = 46;
  static final int WORK = 47;
  static final int AND = 48;
  static final int NO = 49;
  static final int CHAIN = 50;
  static final int RELEASE = 51;
  static final int SAVEPOINT = 52;
  static final int TO = 53;
  static final int TRANSACTION = 54;
  static final int READ = 55;
  static final int WRITE = 56;
  static final int ONLY = 57;
  static final int CONSISTENT = 58;
  static final int SNAPSHOT = 59;
  static final int SET = 60;
  static final int SESSION = 61;
  static final int GLOBAL = 62;
  static final int LOCAL = 63;
  static final int NAMES = 64;
  static final int CHARACTER = 65;
  static final int CHARSET = 66;
  static final int ROLE = 67;
  static final int DEFAULT = 68;
  static final int PASSWORD = 69;
  static final int STATEMENT = 70;
  static final int FOR = 71;
  static final int AUTOCOMMIT = 72;
  static final int IDENTITY = 73;
  static final int ON = 74;
  static final int OFF = 75;
  static final int TRUE = 76;
  static final int FALSE = 77;
  static final int USE = 78;
  static final int PREPARE = 79;
  static final int FROM = 80;
  static final int EXECUTE = 81;
  static final int IMMEDIATE = 82;
  static final int DEALLOCATE = 83;
  static final int LOCK = 84;
  static final int UNLOCK = 85;
  static final int IN = 86;
  static final int SHARE = 87;
  static final int MODE = 88;
  static final int INTO = 89;
  static final int OUTFILE = 90;
  static final int DUMPFILE = 91;
  static final int NEXT = 92;
  static final int PREVIOUS = 93;
  static final int WARNINGS = 94;
  static final int ERRORS = 95;
  static final int COUNT = 96;
  static final int KILL = 97;
  static final int PURGE = 98;
  static final int RESET = 99;
  static final int CHANGE = 100;
  static final int MASTER = 101;
  static final int SLAVE = 102;
  static final int REPLICA = 103;
  static final int STOP = 104;
  static final int INSTALL = 105;
  static final int UNINSTALL = 106;
  static final int BINLOG = 107;
  static final int CACHE = 108;
  static final int SHUTDOWN = 109;
  static final int ATOMIC = 110;
  static final int JOIN = 111;
  static final int USING = 112;
  static final int ISOLATION = 113;
  static final int LEVEL = 114;
  static final int AS = 115;
  static final int FORMAT = 116;
  static final int EXTENDED = 117;
  static final int PARTITIONS = 118;
  static final int ALL = 119;
  static final int SLAVES = 120;
  static final int LAST_INSERT_ID = 121;
  static final int LASTVAL = 122;
  static final int EVENTS = 123;
  static final int SEQUENCE = 124;

  /** A keyword the classifier has no rule for but must not mistake for a function name. */
  static final int OTHER_KEYWORD = 0xFFF;

  /** A built-in function that changes nothing and answers the same on every server. */
  static final int FUNCTION_READ = 1 << 12;

  /** A built-in function only the primary answers right for this session: LAST_INSERT_ID(). */
  static final int FUNCTION_MASTER_READ = 1 << 13;

  private static final String[] KEYWORDS = {
    null,
    "select",
    "show",
    "describe",
    "desc",
    "explain",
    "help",
    "values",
    "value",
    "table",
    "tables",
    "with",
    "recursive",
    "do",
    "insert",
    "replace",
    "update",
    "delete",
    "load",
    "data",
    "xml",
    "index",
    "create",
    "alter",
    "drop",
    "rename",
    "truncate",
    "temporary",
    "or",
    "if",
    "not",
    "exists",
    "grant",
    "revoke",
    "call",
    "handler",
    "flush",
    "analyze",
    "optimize",
    "repair",
    "check",
    "checksum",
    "xa",
    "start",
    "begin",
    "commit",
    "rollback",
    "work",
    "and",
    "no",
    "chain",
    "release",
    "savepoint",
    "to",
    "transaction",
    "read",
    "write",
    "only",
    "consistent",
    "snapshot",
    "set",
    "session",
    "global",
    "local",
    "names",
    "character",
    "charset",
    "role",
    "default",
    "password",
    "statement",
    "for",
    "autocommit",
    "identity",
    "on",
    "off",
    "true",
    "false",
    "use",
    "prepare",
    "from",
    "execute",
    "immediate",
    "deallocate",
    "lock",
    "unlock",
    "in",
    "share",
    "mode",
    "into",
    "outfile",
    "dumpfile",
    "next",
    "previous",
    "warnings",
    "errors",
    "count",
    "kill",
    "purge",
    "reset",
    "change",
    "master",
    "slave",
    "replica",
    "stop",
    "install",
    "uninstall",
    "binlog",
    "cache",
    "shutdown",
    "atomic",
    "join",
    "using",
    "isolation",
    "level",
    "as",
    "format",
    "extended",
    "partitions",
    "all",
    "slaves",
    "last_insert_id",
    "lastval",
    "events",
    "sequence"
  };

  /**
   * Built-in functions (and type names that appear as {@code CHAR(10)} in CAST) that change
   * nothing. A function missing here is taken for a stored or user-defined function and makes the
   * statement a write; so are NEXTVAL, SETVAL, the lock functions (GET_LOCK, RELEASE_LOCK,
   * RELEASE_ALL_LOCKS, IS_USED_LOCK, IS_FREE_LOCK: locks live on one server) and LOAD_FILE.
   */
  private static final String READ_ONLY_FUNCTIONS =
      """
      vec_distance vec_distance_euclidean vec_distance_cosine vec_fromtext vec_totext
      abs acos adddate addtime aes_decrypt aes_encrypt any_value ascii asin atan atan2 avg
      benchmark bin binary binlog_gtid_pos bit_and bit_count bit_length bit_or bit_xor boundary
      buffer case cast ceil ceiling centroid char char_length character_length charset chr
      coalesce coercibility collation column_add column_check column_create column_delete
      column_exists column_get column_json column_list compress concat concat_ws connection_id
      contains conv convert convert_tz convexhull cos cot count crc32 crc32c crosses cume_dist
      curdate current_date current_role current_time current_timestamp current_user curtime
      database date date_add date_format date_sub datediff datetime day dayname dayofmonth
      dayofweek dayofyear decimal decode decode_histogram default degrees dense_rank des_decrypt
      des_encrypt dimension disjoint distance elt encode encrypt endpoint envelope equals exp
      export_set exteriorring extract extractvalue field find_in_set first_value float floor
      format format_bytes format_pico_time found_rows from_base64 from_days from_unixtime
      geomcollfromtext geomcollfromwkb geometrycollection geometrycollectionfromtext
      geometrycollectionfromwkb geometryfromtext geometryfromwkb geometryn geometrytype
      geomfromtext geomfromwkb get_format glength greatest group_concat hex hour if ifnull
      inet6_aton inet6_ntoa inet_aton inet_ntoa insert instr int integer interiorringn
      intersects interval is_ipv4 is_ipv4_compat is_ipv4_mapped is_ipv6 isclosed isempty isnull
      isring issimple json_array json_array_append json_array_insert json_array_intersect
      json_arrayagg json_compact json_contains json_contains_path json_depth json_detailed
      json_equals json_exists json_extract json_insert json_key_value json_keys json_length
      json_loose json_merge json_merge_patch json_merge_preserve json_normalize json_object
      json_object_filter_keys json_object_to_array json_objectagg json_overlaps json_pretty
      json_query json_quote json_remove json_replace json_schema_valid json_search json_set
      json_table json_type json_unquote json_valid json_value kdf lag last_day last_value lcase
      lead least left length linefromtext linefromwkb linestring linestringfromtext
      linestringfromwkb ln localtime localtimestamp locate log log10 log2 lower lpad ltrim
      make_set makedate maketime master_gtid_wait master_pos_wait match max mbrcontains
      mbrdisjoint mbrequal mbrintersects mbroverlaps mbrtouches mbrwithin md5 median microsecond
      mid min minute mlinefromtext mlinefromwkb mod month monthname mpointfromtext mpointfromwkb
      mpolyfromtext mpolyfromwkb multilinestring multilinestringfromtext multilinestringfromwkb
      multipoint multipointfromtext multipointfromwkb multipolygon multipolygonfromtext
      multipolygonfromwkb name_const natural_sort_key now nth_value ntile nullif numgeometries
      numinteriorrings numpoints oct octet_length old_password ord overlaps password
      percent_rank percentile_cont percentile_disc period_add period_diff pi point pointfromtext
      pointfromwkb pointn pointonsurface polyfromtext polyfromwkb polygon polygonfromtext
      polygonfromwkb position pow power quarter quote radians rand random_bytes rank
      regexp_instr regexp_replace regexp_substr release_unused_placeholder repeat replace
      reverse right round row row_number row_count rpad rtrim schema sec_to_time second
      session_user sformat sha sha1 sha2 sign signed sin sleep soundex space
      spider_bg_direct_sql sql_thread_wait_after_gtids sqrt srid st_area st_asbinary
      st_asgeojson st_astext st_aswkb st_aswkt st_boundary st_buffer st_centroid st_collect
      st_contains st_convexhull st_crosses st_difference st_dimension st_disjoint st_distance
      st_distance_sphere st_endpoint st_envelope st_equals st_exteriorring st_geohash
      st_geomcollfromtext st_geomcollfromwkb st_geometrycollectionfromtext
      st_geometrycollectionfromwkb st_geometryfromtext st_geometryfromwkb st_geometryn
      st_geometrytype st_geomfromgeojson st_geomfromtext st_geomfromwkb st_interiorringn
      st_intersection st_intersects st_isclosed st_isempty st_isring st_issimple st_isvalid
      st_latfromgeohash st_length st_linefromtext st_linefromwkb st_linestringfromtext
      st_linestringfromwkb st_longfromgeohash st_mlinefromtext st_mlinefromwkb st_mpointfromtext
      st_mpointfromwkb st_mpolyfromtext st_mpolyfromwkb st_multilinestringfromtext
      st_multilinestringfromwkb st_multipointfromtext st_multipointfromwkb
      st_multipolygonfromtext st_multipolygonfromwkb st_numgeometries st_numinteriorrings
      st_numpoints st_overlaps st_pointfromgeohash st_pointfromtext st_pointfromwkb st_pointn
      st_pointonsurface st_polyfromtext st_polyfromwkb st_polygonfromtext st_polygonfromwkb
      st_relate st_simplify st_srid st_startpoint st_symdifference st_touches st_union
      st_validate st_within st_x st_y startpoint std stddev stddev_pop stddev_samp str_to_date
      strcmp subdate substr substring substring_index subtime sum sys_guid sysdate system_user
      tan time time_format time_to_sec timediff timestamp timestampadd timestampdiff to_base64
      to_char to_days to_seconds touches trim trim_oracle truncate ucase uncompress
      uncompressed_length unhex unix_timestamp unsigned updatexml upper user utc_date utc_time
      utc_timestamp uuid uuid_short uuid_v4 uuid_v7 values var_pop var_samp variance version
      week weekday weekofyear weight_string within x y year yearweek nchar varchar dec numeric
      double real bigint smallint tinyint mediumint bit bool boolean json text blob add_months
      months_between nvl nvl2 decode_oracle concat_operator_oracle length_oracle lengthb
      substr_oracle replace_oracle ltrim_oracle rtrim_oracle lpad_oracle rpad_oracle
      """;

  /** Keywords that may stand before {@code (} without being a function call. */
  private static final String NOT_FUNCTIONS =
      """
      exists from join as over using on and or not xor when then else where select by all any
      some union except intersect minus like between is div having limit offset distinct
      distinctrow index key keys partition columns returning set into table lateral recursive
      with escape regexp rlike sounds against mode order group rows range preceding following
      dual straight_join sql_calc_found_rows sql_no_cache sql_cache high_priority
      sql_small_result sql_big_result sql_buffer_result natural cross inner outer force ignore
      use of window collate path ordinality nested unbounded current asc desc null unknown case
      end duplicate
      """;

  private static final int SIZE = 4096;
  private static final int MASK = SIZE - 1;
  private static final byte[][] TABLE_NAMES = new byte[SIZE][];
  private static final int[] ENTRIES = new int[SIZE];

  static {
    for (int id = 1; id < KEYWORDS.length; id++) {
      put(KEYWORDS[id], id);
    }
    for (String word : NOT_FUNCTIONS.split("\\s+")) {
      if (!word.isEmpty()) {
        put(word, OTHER_KEYWORD);
      }
    }
    for (String word : READ_ONLY_FUNCTIONS.split("\\s+")) {
      if (!word.isEmpty()) {
        put(word, FUNCTION_READ);
      }
    }
    put("last_insert_id", FUNCTION_MASTER_READ);
    put("lastval", FUNCTION_MASTER_READ);
  }

  private Words() {}

  /** The keyword id of an entry, 0 for none. */
  static int id(int entry) {
    int id = entry & 0xFFF;
    return id == OTHER_KEYWORD ? 0 : id;
  }

  /** Whether an entry names a function that is read-only. */
  static boolean isReadOnlyFunction(int entry) {
    return (entry & (FUNCTION_READ | FUNCTION_MASTER_READ)) != 0;
  }

  static boolean isMasterReadFunction(int entry) {
    return (entry & FUNCTION_MASTER_READ) != 0;
  }

  /** Whether a word with this entry, followed by {@code (}, calls a function. */
  static boolean isFunctionCall(int entry) {
    return entry == 0 || (entry & (FUNCTION_READ | FUNCTION_MASTER_READ)) != 0;
  }

  /**
   * Looks up an ASCII word {@code [from, to)} whose hash is {@code h = h * 31 + lowercase byte}.
   * Returns its entry, 0 when unknown.
   */
  static int lookup(byte[] buf, int from, int to, int hash) {
    int i = spread(hash);
    int len = to - from;
    while (true) {
      byte[] name = TABLE_NAMES[i];
      if (name == null) {
        return 0;
      }
      if (name.length == len && matches(name, buf, from)) {
        return ENTRIES[i];
      }
      i = (i + 1) & MASK;
    }
  }

  private static boolean matches(byte[] name, byte[] buf, int from) {
    for (int k = 0; k < name.length; k++) {
      if (name[k] != Lexer.LOWER[buf[from + k] & 0xFF]) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int hash) {
    return (hash ^ (hash >>> 12) ^ (hash >>> 20)) & MASK;
  }

  private static void put(String word, int entry) {
    int hash = 0;
    for (int k = 0; k < word.length(); k++) {
      hash = hash * 31 + word.charAt(k);
    }
    int i = spread(hash);
    while (TABLE_NAMES[i] != null) {
      if (new String(TABLE_NAMES[i], StandardCharsets.US_ASCII).equals(word)) {
        int old = ENTRIES[i];
        int oldId = old & 0xFFF;
        int newId = entry & 0xFFF;
        int id = oldId != 0 && oldId != OTHER_KEYWORD ? oldId : newId != 0 ? newId : oldId;
        ENTRIES[i] = ((old | entry) & ~0xFFF) | id;
        return;
      }
      i = (i + 1) & MASK;
    }
    TABLE_NAMES[i] = word.getBytes(StandardCharsets.US_ASCII);
    ENTRIES[i] = entry;
  }
}
