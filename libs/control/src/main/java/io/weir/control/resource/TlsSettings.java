package io.weir.control.resource;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * TLS for a server (Weir as client) or a listener (Weir as server), present when the resource sets
 * {@code ssl=true}. Built from MaxScale's parameters {@code ssl_cert}, {@code ssl_key}, {@code
 * ssl_ca} and {@code ssl_version}.
 *
 * @param certificate PEM certificate file; required for listeners
 * @param key PEM private key file; required for listeners
 * @param certificateAuthority PEM CA bundle used to verify the peer, if any
 * @param version the TLS version to allow: {@code MAX} (the newest both sides support) or one of
 *     {@code TLSv10}, {@code TLSv11}, {@code TLSv12}, {@code TLSv13}
 */
public record TlsSettings(
    @Nullable Path certificate,
    @Nullable Path key,
    @Nullable Path certificateAuthority,
    String version) {}
