package io.weir.admin.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A Bearer token as the request carried it, before {@link TokenService} checked it. */
final class BearerTokenCredentials extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final String token;

  BearerTokenCredentials(String token) {
    super(List.of());
    this.token = token;
  }

  @Override
  public Object getCredentials() {
    return token;
  }

  @Override
  public Object getPrincipal() {
    return "bearer token";
  }
}
