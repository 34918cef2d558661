package io.weir.proxy.router.readwritesplit;

import io.weir.sql.classify.QueryType;
import java.util.StringJoiner;

/** Type masks as text for logs. */
final class QueryTypes {
  private QueryTypes() {}

  static String describe(long mask) {
    StringJoiner names = new StringJoiner("|");
    for (QueryType type : QueryType.values()) {
      if (type.in(mask)) {
        names.add(type.name());
      }
    }
    return names.toString();
  }
}
