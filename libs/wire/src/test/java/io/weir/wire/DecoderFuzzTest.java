package io.weir.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.frame.PacketDecoder;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.frame.PacketTooLargeException;
import io.weir.wire.handshake.AuthSwitchRequest;
import io.weir.wire.handshake.AuthSwitchResponse;
import io.weir.wire.handshake.HandshakeResponse41;
import io.weir.wire.handshake.HandshakeV10;
import io.weir.wire.handshake.SslRequest;
import io.weir.wire.packet.EofPacket;
import io.weir.wire.packet.ErrPacket;
import io.weir.wire.packet.GenericResponse;
import io.weir.wire.packet.OkPacket;
import io.weir.wire.packet.ProgressReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Garbage and mangled packets into every decoder: only the documented exceptions come out, every
 * call returns, and every buffer ends released. Seeded, so a failure names an input that repeats.
 */
class DecoderFuzzTest {
  private static final long SEED = 0x5EED_2026_1122L;
  private static final int ITERATIONS = 4_000;
  private static final Duration BUDGET = Duration.ofSeconds(60);

  private static final Capabilities MARIADB =
      Capabilities.of(
          Capability.CLIENT_PROTOCOL_41,
          Capability.SECURE_CONNECTION,
          Capability.PLUGIN_AUTH,
          Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA,
          Capability.CONNECT_WITH_DB,
          Capability.CONNECT_ATTRS,
          Capability.TRANSACTIONS,
          Capability.SESSION_TRACK,
          Capability.MARIADB_CLIENT_PROGRESS);

  /** Valid payloads the mutations start from, so the fuzzing reaches past the first bytes. */
  private static final List<byte[]> SAMPLES =
      List.of(
          encode(
              new HandshakeV10(
                      "11.4.5-MariaDB",
                      5,
                      "abcdefghijklmnopqrst".getBytes(),
                      MARIADB,
                      45,
                      2,
                      "mysql_native_password")
                  ::encode),
          encode(
              new HandshakeResponse41(
                      MARIADB,
                      1 << 24,
                      45,
                      "app",
                      new byte[20],
                      "db",
                      "mysql_native_password",
                      Map.of("_client_name", "weir"))
                  ::encode),
          encode(
              new HandshakeResponse41(
                      Capabilities.of(Capability.CLIENT_PROTOCOL_41, Capability.SECURE_CONNECTION),
                      0,
                      8,
                      "u",
                      new byte[20],
                      null,
                      null,
                      Map.of())
                  ::encode),
          encode(new SslRequest(MARIADB.with(Capability.SSL), 1 << 24, 45)::encode),
          encode(new AuthSwitchRequest("mysql_native_password", new byte[21])::encode),
          encode(
              new OkPacket(0, 300, 70_000, 0x4002, 1, "info", new byte[] {1, 3, 2, 'd', 'b'})
                  ::encode),
          encode(new ErrPacket(1045, "28000", "Access denied")::encode),
          encode(new EofPacket(0, 2)::encode),
          encode(new ProgressReport(1, 2, 500, "stage")::encode));

  private record PayloadDecoder(String name, Consumer<ByteBuf> decode) {}

  private static final List<PayloadDecoder> DECODERS =
      List.of(
          new PayloadDecoder("HandshakeV10", HandshakeV10::decode),
          new PayloadDecoder("HandshakeResponse41", HandshakeResponse41::decode),
          new PayloadDecoder("SslRequest", SslRequest::decode),
          new PayloadDecoder("AuthSwitchRequest", AuthSwitchRequest::decode),
          new PayloadDecoder("AuthSwitchResponse", AuthSwitchResponse::decode),
          new PayloadDecoder(
              "GenericResponse", payload -> GenericResponse.decode(payload, MARIADB)),
          new PayloadDecoder(
              "GenericResponse with DEPRECATE_EOF",
              payload -> GenericResponse.decode(payload, MARIADB.with(Capability.DEPRECATE_EOF))),
          new PayloadDecoder("OkPacket", payload -> OkPacket.decode(payload, MARIADB)),
          new PayloadDecoder("ErrPacket", ErrPacket::decode),
          new PayloadDecoder("EofPacket", payload -> EofPacket.decode(payload, MARIADB)),
          new PayloadDecoder("ProgressReport", ProgressReport::decode),
          new PayloadDecoder("string<lenenc>", PayloadReader::readLengthEncodedBytes));

  @Test
  @DisplayName(
      "payload decoders throw only MalformedPacketException on garbage, and release nothing")
  void payloadDecoders() {
    assertTimeoutPreemptively(
        BUDGET,
        () -> {
          SplittableRandom random = new SplittableRandom(SEED);
          for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            byte[] input = randomPayload(random);
            for (PayloadDecoder decoder : DECODERS) {
              ByteBuf payload = Unpooled.wrappedBuffer(input);
              try {
                decoder.decode().accept(payload);
              } catch (MalformedPacketException expected) {
                // documented
              } catch (RuntimeException e) {
                fail(
                    decoder.name()
                        + " threw "
                        + e
                        + " at iteration "
                        + iteration
                        + " on "
                        + HexFormat.of().formatHex(input),
                    e);
              } finally {
                assertThat(payload.refCnt()).isEqualTo(1);
                payload.release();
              }
            }
          }
        });
  }

  @Test
  @DisplayName("PacketDecoder throws only its documented exceptions and leaks nothing on garbage")
  void packetDecoder() {
    assertTimeoutPreemptively(
        BUDGET,
        () -> {
          SplittableRandom random = new SplittableRandom(SEED + 1);
          for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            List<ByteBuf> inputs = new ArrayList<>();
            List<PacketFrame> frames = new ArrayList<>();
            int maximum = random.nextInt(0, 300);
            EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(maximum));
            byte[] stream = randomStream(random);
            int offset = 0;
            while (offset < stream.length) {
              int chunk = Math.min(stream.length - offset, random.nextInt(1, 64));
              ByteBuf input = Unpooled.wrappedBuffer(stream, offset, chunk);
              inputs.add(input);
              offset += chunk;
              try {
                channel.writeInbound(input);
              } catch (PacketTooLargeException | MalformedPacketException expected) {
                // documented
              } catch (RuntimeException e) {
                fail(
                    "PacketDecoder threw "
                        + e
                        + " at iteration "
                        + iteration
                        + " on "
                        + HexFormat.of().formatHex(stream),
                    e);
              }
              PacketFrame frame;
              while ((frame = channel.readInbound()) != null) {
                frames.add(frame);
                assertThat(frame.payload().readableBytes()).isLessThanOrEqualTo(maximum);
                ByteBufUtil.getBytes(frame.payload());
                frame.release();
              }
            }
            channel.finishAndReleaseAll();
            assertThat(inputs).allSatisfy(input -> assertThat(input.refCnt()).isZero());
            assertThat(frames).allSatisfy(frame -> assertThat(frame.refCnt()).isZero());
          }
        });
  }

  private static byte[] randomPayload(SplittableRandom random) {
    if (random.nextBoolean()) {
      byte[] bytes = new byte[random.nextInt(0, 80)];
      random.nextBytes(bytes);
      return bytes;
    }
    byte[] bytes = SAMPLES.get(random.nextInt(SAMPLES.size())).clone();
    int mutations = random.nextInt(1, 4);
    for (int i = 0; i < mutations && bytes.length > 0; i++) {
      switch (random.nextInt(3)) {
        case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
        default -> {
          // the bytes length-encoded integers turn on
          int[] markers = {0xFB, 0xFC, 0xFD, 0xFE, 0xFF, 0x00};
          bytes[random.nextInt(bytes.length)] = (byte) markers[random.nextInt(markers.length)];
        }
      }
    }
    return bytes;
  }

  /** Packets with plausible headers, some longer than the maximum, mixed with raw garbage. */
  private static byte[] randomStream(SplittableRandom random) {
    ByteBuf stream = Unpooled.buffer();
    try {
      int parts = random.nextInt(1, 8);
      for (int i = 0; i < parts; i++) {
        if (random.nextInt(4) == 0) {
          byte[] garbage = new byte[random.nextInt(1, 40)];
          random.nextBytes(garbage);
          stream.writeBytes(garbage);
        } else {
          int length = random.nextInt(0, 400);
          stream.writeMediumLE(length);
          stream.writeByte(random.nextInt(256));
          byte[] payload = new byte[random.nextInt(0, length + 1)];
          random.nextBytes(payload);
          stream.writeBytes(payload);
        }
      }
      return ByteBufUtil.getBytes(stream);
    } finally {
      stream.release();
    }
  }

  private static byte[] encode(Consumer<ByteBuf> encoder) {
    ByteBuf payload = Unpooled.buffer();
    try {
      encoder.accept(payload);
      return ByteBufUtil.getBytes(payload);
    } finally {
      payload.release();
    }
  }
}
