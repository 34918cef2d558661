package io.weir.admin.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The tokens {@code POST /v1/auth} hands out, as MaxScale's REST API does: a JWT signed with HMAC
 * SHA-256 that names the account and its role and expires after a chosen age. A token is checked by
 * its signature, algorithm, issuer and expiry only, so every instance that shares the secret takes
 * it; it also carries the account's credential stamp, if it has one, which the security
 * configuration compares with the account's current one.
 */
public final class TokenService {
  private static final String ISSUER = "weir-admin-api";
  private static final String ROLE = "role";

  private final MACSigner signer;
  private final MACVerifier verifier;
  private static final String CREDENTIAL = "cred";

  private final InstantSource clock;
  private final Function<String, Optional<String>> credentialStamps;

  /**
   * @param secret the signing key, at least 32 bytes
   * @throws IllegalArgumentException when the key is shorter
   */
  public TokenService(byte[] secret, InstantSource clock) {
    this(secret, clock, account -> Optional.empty());
  }

  /**
   * @param secret the signing key, at least 32 bytes
   * @param credentialStamps an account's credential stamp, which its tokens carry so that they can
   *     be refused once the password changed; empty for an account without one
   * @throws IllegalArgumentException when the key is shorter
   */
  public TokenService(
      byte[] secret, InstantSource clock, Function<String, Optional<String>> credentialStamps) {
    if (secret.length < 32) {
      throw new IllegalArgumentException(
          "weir.admin.token-secret: must be at least 32 bytes, is " + secret.length);
    }
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("weir.admin.token-secret: " + e.getMessage(), e);
    }
    this.clock = clock;
    this.credentialStamps = credentialStamps;
  }

  /** A token for {@code account} with {@code role}, valid for {@code maxAge}. */
  public String issue(String account, String role, Duration maxAge) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(account)
            .claim(ROLE, role)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(maxAge)))
            .claim(CREDENTIAL, credentialStamps.apply(account).orElse(null))
            .build();
    SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      token.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return token.serialize();
  }

  /**
   * The account and role a token names, or empty when it is malformed, not signed by this secret
   * with HS256, from another issuer, or expired.
   */
  public Optional<Holder> verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expiry = claims.getExpirationTime();
      if (!ISSUER.equals(claims.getIssuer())
          || expiry == null
          || !expiry.toInstant().isAfter(clock.instant())
          || claims.getSubject() == null
          || !(claims.getClaim(ROLE) instanceof String role)) {
        return Optional.empty();
      }
      return Optional.of(
          new Holder(
              claims.getSubject(),
              role,
              claims.getClaim(CREDENTIAL) instanceof String stamp ? stamp : null));
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }

  /**
   * Who a valid token belongs to.
   *
   * @param account the account's name
   * @param role its role, {@code admin} or {@code basic}, when the token was issued
   * @param credential the account's credential stamp when the token was issued, or null
   */
  public record Holder(String account, String role, @Nullable String credential) {
    /** The role as Spring Security's authorities. */
    public List<String> authorities() {
      return List.of("ROLE_" + role);
    }
  }
}
