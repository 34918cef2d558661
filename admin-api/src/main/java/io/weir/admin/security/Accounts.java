package io.weir.admin.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import reactor.core.publisher.Mono;

/**
 * Every account of the API, as HTTP Basic and the token check look them up: the configured ones
 * ({@code weir.admin.accounts}, or the initial {@code admin}), which win and never change at
 * runtime, then those made through {@code /v1/users}, read from the accounts topic at each lookup,
 * so a new, changed or deleted account counts on the very next request. Configured names match
 * whatever their case, as they always have (Spring's in-memory user store); names made through the
 * API match exactly, and none may differ from a configured one by case only.
 */
public final class Accounts implements ReactiveUserDetailsService {

  /**
   * One account as {@code /v1/users} shows it.
   *
   * @param name its name
   * @param role {@code admin} or {@code basic}
   * @param stored its record when made through the API, null for a configured one
   */
  public record View(String name, String role, @Nullable StoredAccount stored) {}

  private final Map<String, UserDetails> configured;
  private final AccountTopic topic;

  public Accounts(List<UserDetails> configured, AccountTopic topic) {
    Map<String, UserDetails> byName = new LinkedHashMap<>();
    configured.forEach(account -> byName.put(key(account.getUsername()), account));
    this.configured = byName;
    this.topic = topic;
  }

  @Override
  public Mono<UserDetails> findByUsername(String username) {
    return Mono.justOrEmpty(find(username));
  }

  /** The account named {@code name}, configured or made through the API. */
  public Optional<UserDetails> find(String name) {
    UserDetails account = configured.get(key(name));
    if (account != null) {
      // a copy, as Spring's in-memory store hands out: authentication may erase its password
      return Optional.of(User.withUserDetails(account).build());
    }
    return topic
        .account(name)
        .map(
            stored ->
                User.withUsername(name)
                    .password(stored.passwordHash())
                    .roles(stored.role())
                    .build());
  }

  /** Whether {@code name} is a configured account, which the API cannot change. */
  public boolean isConfigured(String name) {
    return configured.containsKey(key(name));
  }

  /**
   * The credential stamp tokens of an account made through the API must carry (see {@link
   * StoredAccount#credentialStamp()}); empty for a configured account, whose tokens need none.
   */
  public Optional<String> credentialStamp(String name) {
    if (isConfigured(name)) {
      return Optional.empty();
    }
    return topic.account(name).map(StoredAccount::credentialStamp);
  }

  /** Every account: the configured ones first, then those made through the API by name. */
  public List<View> all() {
    List<View> views = new ArrayList<>();
    configured
        .values()
        .forEach(account -> views.add(new View(account.getUsername(), roleOf(account), null)));
    topic.accounts().entrySet().stream()
        .filter(entry -> !isConfigured(entry.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry ->
                views.add(new View(entry.getKey(), entry.getValue().role(), entry.getValue())));
    return views;
  }

  /** One account as {@code /v1/users} shows it. */
  public Optional<View> view(String name) {
    UserDetails account = configured.get(key(name));
    if (account != null) {
      return Optional.of(new View(account.getUsername(), roleOf(account), null));
    }
    return topic.account(name).map(stored -> new View(name, stored.role(), stored));
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The role of a user's authorities: {@code admin} when it has it, else {@code basic}. */
  static String roleOf(UserDetails account) {
    for (GrantedAuthority authority : account.getAuthorities()) {
      if ("ROLE_admin".equals(authority.getAuthority())) {
        return "admin";
      }
    }
    return "basic";
  }
}
