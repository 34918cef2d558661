package io.weir.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.wire.auth.MysqlNativePassword;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UserAccountsTest {

  private static final Instant LOADED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void mostSpecificHostWinsWhateverTheRowOrder() {
    UserAccount anyHost = account("bob", "%");
    UserAccount subnet = account("bob", "192.168.1.%");
    UserAccount wider = account("bob", "192.168.%");
    UserAccount exact = account("bob", "192.168.1.20");
    UserAccounts accounts = accounts(List.of(anyHost, wider, exact, subnet));

    assertThat(accounts.find("bob", address("192.168.1.20"))).contains(exact);
    assertThat(accounts.find("bob", address("192.168.1.21"))).contains(subnet);
    assertThat(accounts.find("bob", address("192.168.7.1"))).contains(wider);
    assertThat(accounts.find("bob", address("10.0.0.1"))).contains(anyHost);
    assertThat(accounts.find("alice", address("10.0.0.1"))).isEmpty();
    assertThat(accounts.size()).isEqualTo(4);
  }

  @Test
  void underscoreMatchesOneCharacterAndPercentAnyRun() {
    UserAccount one = account("bob", "10.0.0._");
    UserAccounts accounts = accounts(List.of(one));

    assertThat(accounts.find("bob", address("10.0.0.7"))).contains(one);
    assertThat(accounts.find("bob", address("10.0.0.17"))).isEmpty();
  }

  @Test
  void userNamesAreCaseSensitive() {
    UserAccounts accounts = accounts(List.of(account("bob", "%")));

    assertThat(accounts.find("Bob", address("10.0.0.1"))).isEmpty();
  }

  @Test
  @DisplayName("localhost admits IPv4 and IPv6 loopback, since local clients of a proxy use TCP")
  void localhostAdmitsLoopback() {
    UserAccount local = account("bob", "localhost");
    UserAccounts accounts = accounts(List.of(local));

    assertThat(accounts.find("bob", address("127.0.0.1"))).contains(local);
    assertThat(accounts.find("bob", address("127.0.1.1"))).contains(local);
    assertThat(accounts.find("bob", address("::1"))).contains(local);
    assertThat(accounts.find("bob", address("10.0.0.1"))).isEmpty();
  }

  @Test
  void localhostComesBeforeTheLoopbackAddressAsInTheServer() {
    UserAccount local = account("bob", "localhost");
    UserAccount loopback = account("bob", "127.0.0.1");
    UserAccounts accounts = accounts(List.of(loopback, local));

    assertThat(accounts.find("bob", address("127.0.0.1"))).contains(local);
  }

  @Test
  void ipv6AccountsMatchTheShortForm() {
    UserAccount six = account("bob", "fe80::1");
    UserAccount prefix = account("bob", "2001:db8:%");
    UserAccounts accounts = accounts(List.of(six, prefix));

    assertThat(accounts.find("bob", address("fe80:0:0:0:0:0:0:1"))).contains(six);
    assertThat(accounts.find("bob", address("2001:db8::42"))).contains(prefix);
  }

  @Test
  void ipv4MappedIpv6AddressesMatchAsIpv4() throws UnknownHostException {
    UserAccount exact = account("bob", "10.1.2.3");
    UserAccounts accounts = accounts(List.of(exact));
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};

    assertThat(accounts.find("bob", InetAddress.getByAddress(mapped))).contains(exact);
  }

  @Test
  void anonymousAccountMatchesAnyNameButANamedOneComesFirstForTheSameHost() {
    UserAccount anonymous = account("", "%");
    UserAccount bob = account("bob", "%");
    UserAccounts accounts = accounts(List.of(anonymous, bob));

    assertThat(accounts.find("bob", address("10.0.0.1"))).contains(bob);
    assertThat(accounts.find("carol", address("10.0.0.1"))).contains(anonymous);
  }

  @Test
  @DisplayName("an anonymous account on a more specific host shadows a named one, as in MariaDB")
  void anonymousOnMoreSpecificHostShadowsNamedAccount() {
    UserAccount anonymousLocal = account("", "localhost");
    UserAccount bob = account("bob", "%");
    UserAccounts accounts = accounts(List.of(bob, anonymousLocal));

    assertThat(accounts.find("bob", address("127.0.0.1"))).contains(anonymousLocal);
    assertThat(accounts.find("bob", address("10.0.0.1"))).contains(bob);
  }

  @Test
  void netmaskAdmitsItsNetworkOnly() {
    UserAccount net = account("bob", "10.1.0.0/255.255.0.0");
    UserAccount any = account("bob", "%");
    UserAccounts accounts = accounts(List.of(any, net));

    assertThat(accounts.find("bob", address("10.1.200.3"))).contains(net);
    assertThat(accounts.find("bob", address("10.2.0.1"))).contains(any);
    assertThat(accounts.find("bob", address("::1"))).contains(any);
  }

  @Test
  void hostNamesAreNotResolved() {
    UserAccount named = account("bob", "app.example.com");
    UserAccounts accounts = accounts(List.of(named));

    assertThat(accounts.find("bob", address("127.0.0.1"))).isEmpty();
    assertThat(accounts.find("bob", address("10.0.0.1"))).isEmpty();
  }

  @Test
  void globalDatabasePrivilegeOpensEveryDatabase() {
    UserAccount admin =
        new UserAccount(
            "admin", "%", MysqlNativePassword.PLUGIN_NAME, new byte[0], false, false, true, true);
    UserAccounts accounts = accounts(List.of(admin));

    assertThat(accounts.canAccess(admin, "anything")).isTrue();
  }

  @Test
  void databaseGrantsMatchWithWildcardsAndEscapes() {
    UserAccount bob = account("bob", "%");
    UserAccounts accounts =
        UserAccounts.of(
            LOADED,
            List.of(bob),
            List.of(
                new DatabaseGrant("bob", "%", "shop", true),
                new DatabaseGrant("bob", "%", "tenant\\_%", true),
                new DatabaseGrant("bob", "%", "app_", true),
                new DatabaseGrant("bob", "%", "report_2024", false)),
            List.of(),
            List.of(),
            false);

    assertThat(accounts.canAccess(bob, "shop")).isTrue();
    assertThat(accounts.canAccess(bob, "Shop")).isFalse();
    assertThat(accounts.canAccess(bob, "shops")).isFalse();
    assertThat(accounts.canAccess(bob, "tenant_17")).isTrue();
    assertThat(accounts.canAccess(bob, "tenantX17")).as("escaped underscore is literal").isFalse();
    assertThat(accounts.canAccess(bob, "app1")).as("unescaped underscore is a wildcard").isTrue();
    assertThat(accounts.canAccess(bob, "report_2024")).isTrue();
    assertThat(accounts.canAccess(bob, "reportX2024"))
        .as("table grants name one database")
        .isFalse();
    assertThat(accounts.canAccess(bob, "other")).isFalse();
    assertThat(accounts.canAccess(bob, "information_schema")).isTrue();
    assertThat(accounts.canAccess(bob, "")).isTrue();
  }

  @Test
  void grantsBelongToTheExactAccount() {
    UserAccount bobLocal = account("bob", "localhost");
    UserAccount bobAny = account("bob", "%");
    UserAccounts accounts =
        UserAccounts.of(
            LOADED,
            List.of(bobLocal, bobAny),
            List.of(new DatabaseGrant("bob", "%", "shop", true)),
            List.of(),
            List.of(),
            false);

    assertThat(accounts.canAccess(bobAny, "shop")).isTrue();
    assertThat(accounts.canAccess(bobLocal, "shop")).isFalse();
  }

  @Test
  void caseInsensitiveNamesWhenLowerCaseTableNamesIsSet() {
    UserAccount bob = account("bob", "%");
    UserAccounts accounts =
        UserAccounts.of(
            LOADED,
            List.of(bob),
            List.of(new DatabaseGrant("bob", "%", "shop", true)),
            List.of(),
            List.of("shop"),
            true);

    assertThat(accounts.canAccess(bob, "SHOP")).isTrue();
    assertThat(accounts.databaseExists("Shop")).isTrue();
    assertThat(accounts.databaseExists("other")).isFalse();
  }

  @Test
  void databaseExistsComparesExactlyByDefault() {
    UserAccounts accounts =
        UserAccounts.of(LOADED, List.of(), List.of(), List.of(), List.of("shop"), false);

    assertThat(accounts.databaseExists("shop")).isTrue();
    assertThat(accounts.databaseExists("Shop")).isFalse();
  }

  @Test
  void defaultRoleAndTheRolesItHoldsGrantAccess() {
    UserAccount bob = account("bob", "%");
    UserAccount carol = account("carol", "%");
    UserAccounts accounts =
        UserAccounts.of(
            LOADED,
            List.of(bob, carol),
            List.of(
                new DatabaseGrant("reader", "", "shop", true),
                new DatabaseGrant("auditor", "", "audit", true),
                new DatabaseGrant("dba", "", "%", true)),
            List.of(
                new RoleGrant("bob", "%", "reader", true),
                new RoleGrant("reader", "", "auditor", false),
                new RoleGrant("auditor", "", "reader", false),
                new RoleGrant("carol", "%", "dba", false)),
            List.of(),
            false);

    assertThat(accounts.canAccess(bob, "shop")).isTrue();
    assertThat(accounts.canAccess(bob, "audit")).as("role granted to the default role").isTrue();
    assertThat(accounts.canAccess(bob, "other")).as("cycles end").isFalse();
    assertThat(accounts.canAccess(carol, "anything"))
        .as("a role that is not the default one is not active at login")
        .isFalse();
  }

  @Test
  void emptySnapshotFindsNobody() {
    assertThat(UserAccounts.EMPTY.find("root", address("127.0.0.1"))).isEmpty();
    assertThat(UserAccounts.EMPTY.size()).isZero();
    assertThat(UserAccounts.EMPTY.loadedAt()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void accountsCopyTheirHashAndCompareByContent() {
    byte[] hash = MysqlNativePassword.storedHash("secret");
    UserAccount account =
        new UserAccount(
            "bob", "%", MysqlNativePassword.PLUGIN_NAME, hash, false, false, false, false);
    Arrays.fill(hash, (byte) 0);

    assertThat(account.storedHash()).isEqualTo(MysqlNativePassword.storedHash("secret"));
    assertThat(account)
        .isEqualTo(
            new UserAccount(
                "bob",
                "%",
                MysqlNativePassword.PLUGIN_NAME,
                MysqlNativePassword.storedHash("secret"),
                false,
                false,
                false,
                false))
        .hasSameHashCodeAs(
            new UserAccount(
                "bob",
                "%",
                MysqlNativePassword.PLUGIN_NAME,
                MysqlNativePassword.storedHash("secret"),
                false,
                false,
                false,
                false));
    assertThat(account.toString()).doesNotContain("storedHash");
  }

  private static UserAccounts accounts(List<UserAccount> accounts) {
    return UserAccounts.of(LOADED, accounts, List.of(), List.of(), List.of(), false);
  }

  private static UserAccount account(String user, String host) {
    return new UserAccount(
        user,
        host,
        MysqlNativePassword.PLUGIN_NAME,
        MysqlNativePassword.storedHash(user + "-password"),
        false,
        false,
        false,
        false);
  }

  private static InetAddress address(String literal) {
    try {
      // literals only: no lookup happens
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
