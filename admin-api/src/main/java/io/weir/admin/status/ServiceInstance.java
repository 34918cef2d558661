package io.weir.admin.status;

import java.net.URI;

/**
 * One running instance of a Weir service, as it reports itself.
 *
 * @param service the service, e.g. {@code proxy-service}
 * @param id the instance's id, unique among the service's instances
 * @param managementUrl where its HTTP port answers, e.g. {@code http://10.0.0.7:8081}
 */
public record ServiceInstance(String service, String id, URI managementUrl) {}
