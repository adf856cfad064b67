package org.civiupgrade.internal.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.io.IOException;
import org.civiupgrade.spi.Compensation;

/**
 * Jackson's type ids for {@link Compensation}: the registered stable name when the class has
 * one, else the class name; reading accepts names, former names and class names of
 * compensations (see {@link org.civiupgrade.spi.CompensationTypes}).
 */
public final class CompensationTypeIds extends TypeIdResolverBase {
    @Override
    public String idFromValue(Object value) {
        return idFromValueAndType(value, value.getClass());
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
        return registry().idOf(suggestedType);
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) throws IOException {
        Class<? extends Compensation> type = registry().classOf(id).orElse(null);
        if (type == null) {
            throw InvalidTypeIdException.from(null, "No installed module registers the compensation type '" + id
                    + "': put the module (jar) that recorded it on the class path", context.constructType(Compensation.class), id);
        }
        return context.constructType(type);
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }

    @Override
    public String getDescForKnownTypeIds() {
        return "compensation type names (e.g. core.move-back) or class names";
    }

    private static CompensationTypeRegistry registry() {
        return Registries.current();
    }
}
