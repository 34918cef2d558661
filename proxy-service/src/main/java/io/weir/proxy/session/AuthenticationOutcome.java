package io.weir.proxy.session;

import io.weir.proxy.auth.UserAccount;
import io.weir.proxy.error.ProxyError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The verdict on a client's credentials. */
sealed interface AuthenticationOutcome {

  /**
   * The client proved its password.
   *
   * @param account the matching account
   * @param stageOne {@code SHA1(password)} recovered from the response, null without a password
   */
  record Accepted(UserAccount account, byte @Nullable [] stageOne)
      implements AuthenticationOutcome {}

  /**
   * The client is refused with {@code error}.
   *
   * @param error the catalogue entry
   * @param details the values its message needs
   * @param retryAfterRefresh whether new users or grants on the servers could change the answer
   * @param passwordVerified for a refused database only: the client proved its password, so the
   *     server itself can be asked when the proxy's copy of the grants may be out of date
   */
  record Denied(
      ProxyError error,
      List<Object> details,
      boolean retryAfterRefresh,
      @Nullable Accepted passwordVerified)
      implements AuthenticationOutcome {
    public Denied {
      details = List.copyOf(details);
    }

    Denied(ProxyError error, List<Object> details, boolean retryAfterRefresh) {
      this(error, details, retryAfterRefresh, null);
    }

    String message() {
      return error.message(details.toArray());
    }
  }
}
