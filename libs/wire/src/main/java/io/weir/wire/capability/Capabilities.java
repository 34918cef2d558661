package io.weir.wire.capability;

import java.util.EnumSet;
import java.util.Set;

/**
 * An immutable set of {@link Capability} flags as the 64-bit value the protocol sends: the low 32
 * bits are the classic capability flags, the high 32 bits MariaDB's extended ones. Bits that no
 * {@link Capability} names are kept as they are, so a proxy passes on what it does not know.
 *
 * @param bits the flags, classic in the low half and extended in the high half
 * @see <a href="https://mariadb.com/kb/en/connection/#capabilities">Capabilities</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record Capabilities(long bits) {
  /** No flag set. */
  public static final Capabilities NONE = new Capabilities(0);

  /** The set holding exactly {@code capabilities}. */
  public static Capabilities of(Capability... capabilities) {
    long bits = 0;
    for (Capability capability : capabilities) {
      bits |= capability.mask();
    }
    return new Capabilities(bits);
  }

  /** The set sent as a classic {@code int<4>} and MariaDB's extended {@code int<4>}. */
  public static Capabilities of(long classic, long extended) {
    return new Capabilities((classic & 0xFFFF_FFFFL) | extended << 32);
  }

  /** Whether {@code capability} is in the set. */
  public boolean has(Capability capability) {
    return (bits & capability.mask()) != 0;
  }

  /** This set with {@code capability} added. */
  public Capabilities with(Capability capability) {
    return new Capabilities(bits | capability.mask());
  }

  /** This set with {@code capability} removed. */
  public Capabilities without(Capability capability) {
    return new Capabilities(bits & ~capability.mask());
  }

  /** The flags both sides have: what a connection may use after negotiation. */
  public Capabilities intersect(Capabilities other) {
    return new Capabilities(bits & other.bits);
  }

  /** The classic flags, bits 0 to 31, as the unsigned {@code int<4>} of the packets. */
  public long classic() {
    return bits & 0xFFFF_FFFFL;
  }

  /** MariaDB's extended flags, bits 32 to 63, as the unsigned {@code int<4>} of the packets. */
  public long extended() {
    return bits >>> 32;
  }

  /** The named flags in the set; unnamed bits are left out. */
  public Set<Capability> toSet() {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    for (Capability capability : Capability.values()) {
      if (has(capability)) {
        set.add(capability);
      }
    }
    return set;
  }

  @Override
  public String toString() {
    return "Capabilities[0x" + Long.toHexString(bits) + " " + toSet() + "]";
  }
}
