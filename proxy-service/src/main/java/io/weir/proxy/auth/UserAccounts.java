package io.weir.proxy.auth;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of a backend's accounts, grants and databases, read by every event loop
 * without locks.
 *
 * <p>What {@link #canAccess} covers: a global privilege that applies to databases, a database grant
 * ({@code mysql.db}, with its wildcards), any table, column or routine grant in the database, and
 * all of these through the account's default role and the roles granted to that role. Grants belong
 * to the account that {@link #find} chose, as the server's grants belong to the account it
 * authenticated ({@code 'user'@'host'} exactly). Everybody may use {@code information_schema}.
 */
public final class UserAccounts {

  /** No accounts, no databases: what the proxy knows before the first load. */
  public static final UserAccounts EMPTY =
      of(Instant.EPOCH, List.of(), List.of(), List.of(), List.of(), false);

  private static final String INFORMATION_SCHEMA = "information_schema";

  // most specific host first, then a named user before the anonymous one; between equally
  // specific hosts the server puts 'localhost' before '127.0.0.1' and '::1' (descending text)
  private static final Comparator<Candidate> MARIADB_ORDER =
      Comparator.<Candidate>comparingInt(candidate -> candidate.host().specificity())
          .thenComparing(candidate -> !candidate.account().user().isEmpty())
          .thenComparing(candidate -> candidate.account().host())
          .reversed();

  private final Instant loadedAt;
  private final List<Candidate> candidates;
  private final List<DatabaseGrant> databaseGrants;
  private final List<RoleGrant> roleGrants;
  private final Set<String> databases;
  private final boolean caseInsensitiveNames;

  private record Candidate(UserAccount account, AccountHost host) {}

  private UserAccounts(
      Instant loadedAt,
      List<Candidate> candidates,
      List<DatabaseGrant> databaseGrants,
      List<RoleGrant> roleGrants,
      Set<String> databases,
      boolean caseInsensitiveNames) {
    this.loadedAt = loadedAt;
    this.candidates = candidates;
    this.databaseGrants = databaseGrants;
    this.roleGrants = roleGrants;
    this.databases = databases;
    this.caseInsensitiveNames = caseInsensitiveNames;
  }

  /**
   * A snapshot from plain rows, as the loader reads them or a test writes them.
   *
   * @param loadedAt when the rows were read
   * @param accounts the accounts, in any order (roles are not accounts)
   * @param databaseGrants database-level and finer grants of accounts and roles; a role's global
   *     privilege is a grant on the pattern {@code %}
   * @param roleGrants roles granted to accounts and to roles
   * @param databases the databases that exist
   * @param caseInsensitiveNames whether database names compare ignoring case, as the server does
   *     when {@code lower_case_table_names} is not 0
   */
  public static UserAccounts of(
      Instant loadedAt,
      Collection<UserAccount> accounts,
      Collection<DatabaseGrant> databaseGrants,
      Collection<RoleGrant> roleGrants,
      Collection<String> databases,
      boolean caseInsensitiveNames) {
    List<Candidate> candidates = new ArrayList<>();
    for (UserAccount account : accounts) {
      candidates.add(new Candidate(account, AccountHost.parse(account.host())));
    }
    candidates.sort(MARIADB_ORDER);
    Set<String> names = new HashSet<>();
    for (String database : databases) {
      names.add(caseInsensitiveNames ? database.toLowerCase(Locale.ROOT) : database);
    }
    return new UserAccounts(
        loadedAt,
        List.copyOf(candidates),
        List.copyOf(databaseGrants),
        List.copyOf(roleGrants),
        Set.copyOf(names),
        caseInsensitiveNames);
  }

  /**
   * The account the server would authenticate {@code user} connecting from {@code clientAddress}
   * as: the first that admits both, with accounts sorted most specific host first (an exact name,
   * address or netmask; then patterns with {@code %} and {@code _}, a longer literal prefix first;
   * then {@code %}) and, for equal hosts, the named user before the anonymous one. So an anonymous
   * {@code ''@'localhost'} wins over {@code 'bob'@'%'} for bob on loopback, as in the server.
   *
   * <p>{@code localhost} admits loopback addresses (127.0.0.0/8, ::1), since a client on the
   * proxy's machine arrives over TCP loopback. Other host names are never resolved: an account
   * {@code 'bob'@'app.example.com'} admits nobody.
   */
  public Optional<UserAccount> find(String user, InetAddress clientAddress) {
    for (Candidate candidate : candidates) {
      String accountUser = candidate.account().user();
      if ((accountUser.isEmpty() || accountUser.equals(user))
          && candidate.host().admits(clientAddress)) {
        return Optional.of(candidate.account());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code account} may use {@code database}: see the class comment for what is covered. No
   * database (the empty name) is always allowed; whether the database exists is {@link
   * #databaseExists}'s question.
   */
  public boolean canAccess(UserAccount account, String database) {
    if (database.isEmpty()
        || account.globalDatabaseAccess()
        || database.equalsIgnoreCase(INFORMATION_SCHEMA)) {
      return true;
    }
    if (hasGrant(account.user(), account.host(), database)) {
      return true;
    }
    Deque<String> pending = new ArrayDeque<>();
    for (RoleGrant grant : roleGrants) {
      if (grant.defaultRole() && isGrantee(grant, account.user(), account.host())) {
        pending.add(grant.role());
      }
    }
    // roles granted to roles are active with them; the seen set stops cycles
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String role = pending.remove();
      if (!seen.add(role)) {
        continue;
      }
      if (hasGrant(role, "", database)) {
        return true;
      }
      for (RoleGrant grant : roleGrants) {
        if (isGrantee(grant, role, "")) {
          pending.add(grant.role());
        }
      }
    }
    return false;
  }

  /** Whether the database exists, ignoring case when the server does. */
  public boolean databaseExists(String database) {
    return databases.contains(caseInsensitiveNames ? database.toLowerCase(Locale.ROOT) : database);
  }

  /** When the rows of this snapshot were read; {@link Instant#EPOCH} for {@link #EMPTY}. */
  public Instant loadedAt() {
    return loadedAt;
  }

  /** How many accounts there are (roles not counted). */
  public int size() {
    return candidates.size();
  }

  private boolean hasGrant(String user, String host, String database) {
    for (DatabaseGrant grant : databaseGrants) {
      if (grant.user().equals(user) && grant.host().equalsIgnoreCase(host)) {
        boolean matches =
            grant.wildcards()
                ? SqlWildcard.matches(grant.database(), database, caseInsensitiveNames)
                : caseInsensitiveNames
                    ? grant.database().equalsIgnoreCase(database)
                    : grant.database().equals(database);
        if (matches) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isGrantee(RoleGrant grant, String user, String host) {
    return grant.user().equals(user) && grant.host().equalsIgnoreCase(host);
  }

  @Override
  public String toString() {
    return "UserAccounts[" + candidates.size() + " accounts, loaded at " + loadedAt + "]";
  }
}
