package io.weir.sql.hint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses MaxScale hint comment bodies. The grammar, after the word {@code maxscale}:
 *
 * <pre>
 * body   := hint | NAME "prepare" hint | NAME "begin" | "begin" hint | "end"
 * hint   := "route" "to" ("master" | "slave" | "last" | "server" NAME) | NAME "=" VALUE
 * </pre>
 *
 * Keywords are case-insensitive; names and values keep their case. {@code begin} without a hint is
 * invalid, as in MaxScale, where a bare {@code begin} has nothing to push.
 */
public final class HintParser {

  private HintParser() {}

  /** Parses one body as given by {@code QueryClassification.hintComments()}. */
  public static Hint parse(String body) {
    String text = body.strip();
    List<String> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return new Hint.Invalid(text, "empty hint");
    }
    String first = tokens.get(0);
    if (tokens.size() == 1 && is(first, "end")) {
      return new Hint.End();
    }
    if (is(first, "begin")) {
      if (tokens.size() == 1) {
        return new Hint.Invalid(text, "begin needs a hint to push");
      }
      Hint inner = hint(text, tokens.subList(1, tokens.size()));
      return inner instanceof Hint.Invalid ? inner : new Hint.Begin(inner);
    }
    if (tokens.size() >= 2 && !is(first, "route") && !first.equals("=")) {
      String second = tokens.get(1);
      if (is(second, "begin")) {
        return tokens.size() == 2
            ? new Hint.BeginNamed(first)
            : new Hint.Invalid(text, "unexpected text after '" + first + " begin'");
      }
      if (is(second, "prepare")) {
        if (tokens.size() == 2) {
          return new Hint.Invalid(text, "prepare needs a hint to define");
        }
        Hint inner = hint(text, tokens.subList(2, tokens.size()));
        return inner instanceof Hint.Invalid ? inner : new Hint.Define(first, inner);
      }
    }
    return hint(text, tokens);
  }

  /** A routing hint or a parameter: the hints that {@code begin} and {@code prepare} take. */
  private static Hint hint(String text, List<String> tokens) {
    String first = tokens.get(0);
    if (is(first, "route")) {
      if (tokens.size() < 3 || !is(tokens.get(1), "to")) {
        return new Hint.Invalid(text, "expected 'route to master|slave|last|server NAME'");
      }
      String target = tokens.get(2).toLowerCase(Locale.ROOT);
      int expected = target.equals("server") ? 4 : 3;
      if (tokens.size() != expected) {
        return new Hint.Invalid(
            text,
            target.equals("server")
                ? "expected one server name after 'route to server'"
                : "unexpected text after 'route to " + target + "'");
      }
      return switch (target) {
        case "master" -> new Hint.Route(RouteTarget.MASTER, null);
        case "slave" -> new Hint.Route(RouteTarget.SLAVE, null);
        case "last" -> new Hint.Route(RouteTarget.LAST, null);
        case "server" -> new Hint.Route(RouteTarget.SERVER, tokens.get(3));
        default -> new Hint.Invalid(text, "unknown route target '" + tokens.get(2) + "'");
      };
    }
    if (tokens.size() == 3 && tokens.get(1).equals("=") && !first.equals("=")) {
      String value = tokens.get(2);
      if (value.equals("=")) {
        return new Hint.Invalid(text, "expected NAME=VALUE");
      }
      return new Hint.Parameter(first, value);
    }
    return new Hint.Invalid(text, "not a MaxScale hint");
  }

  private static boolean is(String token, String keyword) {
    return token.equalsIgnoreCase(keyword);
  }

  /** Splits on whitespace, with {@code =} a token of its own. */
  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '=') {
        tokens.add("=");
        i++;
      } else {
        int start = i;
        while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '=') {
          i++;
        }
        tokens.add(text.substring(start, i));
      }
    }
    return tokens;
  }
}
