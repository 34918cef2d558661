package io.weir.proxy.auth;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The host part of an account, parsed once: which client addresses it admits and how specific it
 * is.
 *
 * <p>Specificity follows the server's {@code get_sort}: a host without wildcards (a name, an
 * address or a netmask) ranks highest, then patterns by the position of their first wildcard (a
 * longer literal prefix first), then {@code %}, then the empty host.
 *
 * <p>Host names are not resolved, neither the client's address to a name nor the account's name to
 * addresses, as with the server's {@code skip_name_resolve}: only {@code localhost} is special,
 * admitting loopback addresses, because clients of a proxy on the same machine arrive over TCP
 * loopback where the server would have seen them on its socket.
 */
record AccountHost(String text, int specificity, @Nullable Netmask netmask) {

  private static final String LOCALHOST = "localhost";
  private static final int EXACT = 128;
  // the server caps a wildcard's position so that it stays below EXACT
  private static final int LAST_WILDCARD_RANK = 127;

  static AccountHost parse(String text) {
    return new AccountHost(text, specificityOf(text), Netmask.parse(text));
  }

  boolean admits(InetAddress client) {
    if (text.isEmpty()) {
      return true;
    }
    if (text.equalsIgnoreCase(LOCALHOST)) {
      return client.isLoopbackAddress();
    }
    if (netmask != null) {
      return netmask.admits(client);
    }
    return SqlWildcard.matches(text, addressText(client), true);
  }

  private static int specificityOf(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    if (text.equals("%")) {
      return 1;
    }
    int wildcard = SqlWildcard.firstWildcard(text);
    return wildcard < 0 ? EXACT : Math.min(wildcard + 2, LAST_WILDCARD_RANK);
  }

  /**
   * The address as the server prints it and matches host patterns against: dotted IPv4, or IPv6 in
   * its shortest form ({@code ::1}), without a scope.
   */
  static String addressText(InetAddress address) {
    if (address instanceof Inet6Address six) {
      byte[] bytes = six.getAddress();
      if (isIpv4Mapped(bytes)) {
        return (bytes[12] & 0xff)
            + "."
            + (bytes[13] & 0xff)
            + "."
            + (bytes[14] & 0xff)
            + "."
            + (bytes[15] & 0xff);
      }
      return compressedIpv6(bytes);
    }
    return address.getHostAddress();
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  // RFC 5952: lower-case hex, no leading zeros, the longest run of two or more zero groups as ::
  private static String compressedIpv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int end = i;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - i > bestLength) {
        bestStart = i;
        bestLength = end - i;
      }
      i = end;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }

  /** The {@code a.b.c.d/m.m.m.m} form: IPv4 only, as in the server. */
  record Netmask(int network, int mask) {

    static @Nullable Netmask parse(String text) {
      int slash = text.indexOf('/');
      if (slash < 0) {
        return null;
      }
      Integer network = ipv4(text.substring(0, slash));
      Integer mask = ipv4(text.substring(slash + 1));
      return network == null || mask == null ? null : new Netmask(network, mask);
    }

    boolean admits(InetAddress client) {
      byte[] bytes = client.getAddress();
      if (client instanceof Inet6Address && isIpv4Mapped(bytes)) {
        bytes = new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
      } else if (!(client instanceof Inet4Address)) {
        return false;
      }
      int address =
          ((bytes[0] & 0xff) << 24)
              | ((bytes[1] & 0xff) << 16)
              | ((bytes[2] & 0xff) << 8)
              | (bytes[3] & 0xff);
      // the server compares without masking the network, so a network with bits outside the
      // mask admits nobody there either
      return (address & mask) == network;
    }

    private static @Nullable Integer ipv4(String text) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      int value = 0;
      for (String part : parts) {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
          return null;
        }
        int octet = Integer.parseInt(part);
        if (octet > 255) {
          return null;
        }
        value = (value << 8) | octet;
      }
      return value;
    }
  }
}
