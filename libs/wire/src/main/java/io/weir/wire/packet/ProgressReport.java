package io.weir.wire.packet;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;

/**
 * MariaDB's progress report for a long statement (ALTER TABLE, LOAD DATA...), sent to clients that
 * negotiated {@link io.weir.wire.capability.Capability#MARIADB_CLIENT_PROGRESS}: an ERR packet with
 * error code 0xFFFF. The reply continues after it.
 *
 * @param stage the current stage, from 1
 * @param maximumStage the number of stages
 * @param progress the progress within the stage in thousandths of a percent (0 to 100000)
 * @param info what the stage is doing, e.g. {@code copy to tmp table}
 * @see <a href="https://mariadb.com/kb/en/err_packet/">ERR packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record ProgressReport(int stage, int maximumStage, int progress, String info)
    implements GenericResponse {
  /** The error code that marks an ERR packet as a progress report. */
  public static final int ERROR_CODE = 0xFFFF;

  /**
   * Decodes a progress report from the payload's reader index.
   *
   * @throws MalformedPacketException if it does not start with 0xFF 0xFFFF or is truncated
   */
  public static ProgressReport decode(ByteBuf payload) {
    int header = PayloadReader.readInt1(payload);
    int errorCode = PayloadReader.readInt2(payload);
    if (header != ERR_HEADER || errorCode != ERROR_CODE) {
      throw new MalformedPacketException(
          "progress report starts with 0x"
              + Integer.toHexString(header)
              + " and error code "
              + errorCode
              + ", expected 0xff and 0xffff");
    }
    int stage = PayloadReader.readInt1(payload);
    int maximumStage = PayloadReader.readInt1(payload);
    int progress = PayloadReader.readInt3(payload);
    String info = PayloadReader.readLengthEncodedString(payload, UTF_8);
    return new ProgressReport(stage, maximumStage, progress, info);
  }

  @Override
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, ERR_HEADER);
    PayloadWriter.writeInt2(payload, ERROR_CODE);
    PayloadWriter.writeInt1(payload, stage);
    PayloadWriter.writeInt1(payload, maximumStage);
    PayloadWriter.writeInt3(payload, progress);
    PayloadWriter.writeLengthEncodedString(payload, info, UTF_8);
  }
}
