package io.weir.wire.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MysqlNativePasswordTest {
  private static final byte[] SCRAMBLE =
      HexFormat.of().parseHex("403175787d2b5a6671255f332148272833693774");

  @ParameterizedTest(name = "PASSWORD(''{0}'') = {1}")
  @CsvSource({
    // golden values of the server's PASSWORD() function
    "password, *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
    "'', ''",
  })
  void storedHashText(String password, String text) {
    byte[] stored = MysqlNativePassword.storedHash(password);

    assertThat(MysqlNativePassword.storedHashText(stored)).isEqualTo(text);
    assertThat(MysqlNativePassword.parseStoredHash(text)).isEqualTo(stored);
    assertThat(MysqlNativePassword.parseStoredHash(text.toLowerCase())).isEqualTo(stored);
  }

  @Test
  @DisplayName("the response matches what the real mariadb client sent for the same scramble")
  void clientResponseMatchesRealClient() {
    // from the golden handshake response (ConnectionPhaseGoldenTest): password "weir-secret"
    assertThat(
            HexFormat.of().formatHex(MysqlNativePassword.clientResponse("weir-secret", SCRAMBLE)))
        .isEqualTo("596e3c4d20acb7e1dbc73dc554450dc29dfb496c");
  }

  @Test
  @DisplayName("verify recovers SHA1(password), which answers another scramble like the password")
  void verifyRecoversStageOne() {
    byte[] stored = MysqlNativePassword.storedHash("weir-secret");
    byte[] response = MysqlNativePassword.clientResponse("weir-secret", SCRAMBLE);
    byte[] otherScramble = "ABCDEFGHIJKLMNOPQRST".getBytes(UTF_8);

    byte[] stageOne = MysqlNativePassword.verify(response, SCRAMBLE, stored).orElseThrow();

    assertThat(stageOne).isEqualTo(sha1("weir-secret".getBytes(UTF_8)));
    assertThat(sha1(stageOne)).isEqualTo(stored);
    assertThat(MysqlNativePassword.responseFromStageOne(stageOne, otherScramble))
        .isEqualTo(MysqlNativePassword.clientResponse("weir-secret", otherScramble));
  }

  @Test
  @DisplayName("a wrong password, a wrong scramble or a mangled response is refused")
  void verifyRefuses() {
    byte[] stored = MysqlNativePassword.storedHash("weir-secret");
    byte[] response = MysqlNativePassword.clientResponse("weir-secret", SCRAMBLE);
    byte[] flipped = response.clone();
    flipped[19] ^= 1;

    assertThat(
            MysqlNativePassword.verify(
                MysqlNativePassword.clientResponse("weir-secreT", SCRAMBLE), SCRAMBLE, stored))
        .isEmpty();
    assertThat(MysqlNativePassword.verify(response, "ABCDEFGHIJKLMNOPQRST".getBytes(UTF_8), stored))
        .isEmpty();
    assertThat(MysqlNativePassword.verify(flipped, SCRAMBLE, stored)).isEmpty();
    assertThat(MysqlNativePassword.verify(new byte[0], SCRAMBLE, stored)).isEmpty();
    assertThat(MysqlNativePassword.verify(new byte[19], SCRAMBLE, stored)).isEmpty();
  }

  @Test
  @DisplayName("an empty password gives an empty response, accepted only by an account without one")
  void emptyPassword() {
    byte[] noPassword = MysqlNativePassword.storedHash("");

    assertThat(MysqlNativePassword.clientResponse("", SCRAMBLE)).isEmpty();
    assertThat(MysqlNativePassword.verify(new byte[0], SCRAMBLE, noPassword))
        .hasValueSatisfying(
            stageOne -> {
              assertThat(stageOne).isEmpty();
              assertThat(MysqlNativePassword.responseFromStageOne(stageOne, SCRAMBLE)).isEmpty();
            });
    assertThat(
            MysqlNativePassword.verify(
                MysqlNativePassword.clientResponse("x", SCRAMBLE), SCRAMBLE, noPassword))
        .isEmpty();
  }

  @Test
  @DisplayName("scrambles are 20 printable bytes from the injected generator")
  void scrambles() {
    byte[] first = new MysqlNativePassword(new SplittableRandom(42)).newScramble();
    byte[] again = new MysqlNativePassword(new SplittableRandom(42)).newScramble();
    MysqlNativePassword plugin = new MysqlNativePassword(new SplittableRandom(7));

    assertThat(first).hasSize(20).isEqualTo(again);
    for (int i = 0; i < 1000; i++) {
      for (byte b : plugin.newScramble()) {
        assertThat((int) b).isBetween(33, 126);
      }
    }
  }

  private static byte[] sha1(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("malformed stored hashes are refused")
  void malformedStoredHash() {
    assertThatThrownBy(
            () -> MysqlNativePassword.parseStoredHash("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MysqlNativePassword.verify(new byte[20], SCRAMBLE, new byte[19]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scrambleOfAnAuthSwitchDropsTheTrailingNulOnly() {
    byte[] withNul = java.util.Arrays.copyOf(SCRAMBLE, SCRAMBLE.length + 1);
    assertThat(MysqlNativePassword.scrambleOf(withNul)).isEqualTo(SCRAMBLE);
    assertThat(MysqlNativePassword.scrambleOf(SCRAMBLE)).isEqualTo(SCRAMBLE);
  }
}
