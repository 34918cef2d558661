package io.weir.cdc.source;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a binlog reader needs to know about its kafkacdc service.
 *
 * @param service the service's id, for thread names and messages
 * @param primary the server to replicate from, with the service's account and {@code timeout}
 * @param serverId the {@code server_id} to register with ({@code server_id}, default 1234)
 * @param match tables whose {@code db.table} this regex finds are wanted ({@code match}); null for
 *     every table. Delivery applies it again, so a reader may ignore it and only use it to skip
 *     work
 * @param exclude tables whose {@code db.table} this regex finds are not wanted ({@code exclude});
 *     applied again by delivery too
 * @param sendSchema whether schema records are wanted ({@code send_schema}); delivery drops them
 *     when false, so a reader may still make them
 * @param dataDirectory this service's own directory, for the reader's state such as table
 *     definitions (delivery keeps {@code current_gtid.txt} there too)
 */
public record ChangeSourceRequest(
    String service,
    SourceEndpoint primary,
    long serverId,
    @Nullable Pattern match,
    @Nullable Pattern exclude,
    boolean sendSchema,
    Path dataDirectory) {}
