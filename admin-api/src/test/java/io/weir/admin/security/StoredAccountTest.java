package io.weir.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredAccountTest {

  private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant UPDATED = Instant.parse("2026-11-30T11:00:00Z");

  @Test
  void aRecordReadsBackAsWritten() {
    StoredAccount account = new StoredAccount("basic", "{bcrypt}$2a$10$abc", CREATED, UPDATED);
    assertThat(StoredAccount.fromJson(account.toJson())).isEqualTo(account);
    assertThat(account.toJson()).contains("\"account\":\"basic\"", "\"last_update\"");
  }

  @Test
  void theCredentialStampChangesWithTheHashOnly() {
    StoredAccount account = new StoredAccount("basic", "{bcrypt}$2a$10$abc", CREATED, UPDATED);
    assertThat(account.credentialStamp())
        .hasSize(16)
        .isEqualTo(
            new StoredAccount("admin", "{bcrypt}$2a$10$abc", UPDATED, UPDATED).credentialStamp())
        .isNotEqualTo(
            new StoredAccount("basic", "{bcrypt}$2a$10$abd", CREATED, UPDATED).credentialStamp());
  }

  @Test
  void aRecordWithoutRoleOrHashIsRefused() {
    assertThatThrownBy(
            () ->
                StoredAccount.fromJson(
                    "{\"account\": \"root\", \"password_hash\": \"{bcrypt}x\", \"created\":"
                        + " \"2026-11-30T10:00:00Z\", \"last_update\": \"2026-11-30T10:00:00Z\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                StoredAccount.fromJson(
                    "{\"account\": \"basic\", \"password_hash\": \"secret\", \"created\":"
                        + " \"2026-11-30T10:00:00Z\", \"last_update\": \"2026-11-30T10:00:00Z\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
