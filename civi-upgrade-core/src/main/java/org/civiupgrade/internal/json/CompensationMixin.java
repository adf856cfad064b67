package org.civiupgrade.internal.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;

/** Jackson's view of {@link org.civiupgrade.spi.Compensation}: a {@code "@type"} property with a stable name. */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "@type")
@JsonTypeIdResolver(CompensationTypeIds.class)
interface CompensationMixin {
}
