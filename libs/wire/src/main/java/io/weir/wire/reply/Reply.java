package io.weir.wire.reply;

import io.weir.wire.command.Command;
import io.weir.wire.packet.ErrPacket;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The summary of one command's complete reply, as {@link ReplyTracker} saw it go by.
 *
 * @param command the command this answers
 * @param ok false when the reply ended in an ERR packet
 * @param error the ERR packet that ended the reply, or null
 * @param affectedRows the affected rows of the reply's last OK packet (0 when there was none)
 * @param lastInsertId the last insert id of the reply's last OK packet (0 when there was none)
 * @param warnings the warning count of the reply's last OK or EOF packet (of the prepare OK for
 *     {@code COM_STMT_PREPARE})
 * @param serverStatus the status of the reply's last OK or EOF packet (0 when there was none)
 * @param rows the data rows over all result sets (for {@code COM_STMT_FETCH}, the rows fetched)
 * @param resultSets the result sets (column count and definitions) the reply held; a cursor's
 *     result set without rows counts, {@code COM_STMT_FETCH} and {@code COM_FIELD_LIST} have none
 * @param bytes the payload bytes of all the reply's packets, headers excluded
 * @param checksum the CRC32 of those payload bytes, when {@link
 *     ReplyTracker#checksumResults(boolean)} was on when the reply began
 * @param sessionState the session state changes of all the reply's OK packets, in order
 * @param prepared what a successful prepare response said, or null for other commands
 * @param localInfileFile the file a LOCAL INFILE request asked for, or null
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record Reply(
    Command command,
    boolean ok,
    @Nullable ErrPacket error,
    long affectedRows,
    long lastInsertId,
    int warnings,
    int serverStatus,
    long rows,
    int resultSets,
    long bytes,
    OptionalLong checksum,
    SessionStateChanges sessionState,
    @Nullable PreparedStatementInfo prepared,
    @Nullable String localInfileFile) {}
