package io.fieldline.ingest.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves (tenant, event public id) to the internal event id, with a bounded cache. An event deleted after it was
 * cached is found missing by the writer's check under the event's lock ({@link BatchStore}); the writer then drops its
 * points and {@link #forget()}s, so the next flush resolves again.
 */
final class EventIds {

    private static final int CACHE_SIZE = 50_000;
    private static final String RESOLVE = """
            SELECT e.tenant_id, e.public_id, e.id FROM event e
            JOIN unnest(?::text[], ?::text[]) AS k(tenant_id, public_id)
              ON e.tenant_id = k.tenant_id AND e.public_id = k.public_id""";

    private final Map<String, Long> cache = new LinkedHashMap<>(1024, 0.75f, true) {

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    static String key(String tenant, String eventPublicId) {
        return tenant + '\u0000' + eventPublicId;
    }

    /** The ids of the events that exist; unknown keys are absent from the answer (and never cached). */
    Map<String, Long> resolve(Connection connection, Collection<String> keys) throws SQLException {
        Map<String, Long> found = new HashMap<>();
        List<String> tenants = new ArrayList<>();
        List<String> publicIds = new ArrayList<>();
        for (String key : keys) {
            Long id = cache.get(key);
            if (id != null) {
                found.put(key, id);
            } else {
                int split = key.indexOf('\u0000');
                tenants.add(key.substring(0, split));
                publicIds.add(key.substring(split + 1));
            }
        }
        if (tenants.isEmpty()) {
            return found;
        }
        try (PreparedStatement statement = connection.prepareStatement(RESOLVE)) {
            Array tenantArray = connection.createArrayOf("text", tenants.toArray());
            Array idArray = connection.createArrayOf("text", publicIds.toArray());
            statement.setArray(1, tenantArray);
            statement.setArray(2, idArray);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String key = key(rows.getString(1), rows.getString(2));
                    found.put(key, rows.getLong(3));
                    cache.put(key, rows.getLong(3));
                }
            }
        }
        return found;
    }

    /** Forgets every cached id (after a flush met a deleted event). */
    void forget() {
        cache.clear();
    }
}
