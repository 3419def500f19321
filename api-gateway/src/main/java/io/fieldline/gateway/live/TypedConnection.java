package io.fieldline.gateway.live;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Seed 002's typed {@code /ws}: {@code {"type","payload"}} messages for values, alarm transitions and activity of the
 * connection's tenant. {@code {"subscribe":{"event_ids":[…],"event_types":[…]}}} narrows what arrives (ids and
 * types add up; {@code node_ids} is the seed's name for event ids), {@code unsubscribe} with the same shape takes
 * them away again; with no ids (or no types) left that dimension is unfiltered again. Event ids filter what is about
 * one event (values, alarms, {@code event.*} activity); other activity reaches every connection its types allow.
 */
final class TypedConnection extends LiveConnection {

    private static final String PONG = new JsonObject().put("type", "pong").encode();

    private Set<String> eventIds = Set.of(); // event loop only
    private volatile Set<String> eventTypes = Set.of(); // read by the feed thread

    TypedConnection(ServerWebSocket socket, Channel channel, Context context, LiveSockets sockets, Runnable onClosed) {
        super(socket, channel, context, sockets, onClosed);
    }

    @Override
    protected String welcome() {
        return message("connected", filter());
    }

    @Override
    protected Duration flushInterval() {
        return config.typedFlushInterval();
    }

    @Override
    protected String status(boolean paused) {
        return message("status", new JsonObject().put("state", paused ? "paused" : "resumed")
                .put("message", paused ? "Live data is paused: the event stream is unavailable."
                        : "Live data resumed."));
    }

    @Override
    protected String error(String message) {
        return message("error", new JsonObject().put("message", message));
    }

    @Override
    protected void handle(JsonObject message) {
        if (message.containsKey("subscribe")) {
            change(message.getValue("subscribe"), true);
        } else if (message.containsKey("unsubscribe")) {
            change(message.getValue("unsubscribe"), false);
        } else if ("ping".equals(message.getValue("type"))) {
            write(PONG);
        } else {
            write(error("Unknown message: expected subscribe, unsubscribe or {\"type\":\"ping\"}"));
        }
    }

    @Override
    protected boolean wants(LiveUpdate update) {
        Set<String> types = eventTypes;
        if (types.isEmpty()) {
            return true;
        }
        String type = update instanceof LiveUpdate.Notice notice ? notice.type() : LiveRecords.VALUE_CHANGED;
        return types.contains(type);
    }

    @Override
    protected void writePending(List<LiveUpdate.Notice> notices, List<LiveUpdate.Value> values) {
        notices.forEach(notice -> write(notice.typedFrame()));
        values.forEach(value -> write(value.typedFrame()));
    }

    @Override
    protected Set<String> watchedEvents() {
        return eventIds;
    }

    private void change(Object body, boolean add) {
        String verb = add ? "subscribe" : "unsubscribe";
        if (!(body instanceof JsonObject filter)) {
            write(error(
                    "Invalid " + verb + ": expected {\"" + verb + "\":{\"event_ids\":[...],\"event_types\":[...]}}"));
            return;
        }
        Object ids = filter.containsKey("event_ids") ? filter.getValue("event_ids") : filter.getValue("node_ids");
        Set<String> idChange = strings(ids);
        Set<String> typeChange = strings(filter.getValue("event_types"));
        if (idChange == null || typeChange == null) {
            write(error("Invalid " + verb + ": event_ids and event_types must be lists of non-empty strings"));
            return;
        }
        Set<String> newIds = changed(eventIds, idChange, add);
        Set<String> newTypes = changed(eventTypes, typeChange, add);
        if (newIds.size() + newTypes.size() > config.maxSubscriptions()) {
            write(error("Too many subscriptions, max " + config.maxSubscriptions()));
            return;
        }
        Set<String> before = eventIds;
        eventIds = newIds;
        eventTypes = newTypes;
        index().watch(this, before, newIds);
        write(message(add ? "subscribed" : "unsubscribed", filter()));
    }

    private JsonObject filter() {
        return new JsonObject().put("event_ids", new JsonArray(List.copyOf(eventIds)))
                .put("event_types", new JsonArray(List.copyOf(eventTypes)));
    }

    private static Set<String> changed(Set<String> current, Set<String> change, boolean add) {
        Set<String> result = new LinkedHashSet<>(current);
        if (add) {
            result.addAll(change);
        } else {
            result.removeAll(change);
        }
        return Set.copyOf(result);
    }

    // Null (absent) is no change; anything but a list of short non-empty strings is refused.
    private static Set<String> strings(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof JsonArray list)) {
            return null;
        }
        Set<String> result = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String text) || text.isBlank() || text.length() > 200) {
                return null;
            }
            result.add(text);
        }
        return result;
    }

    private static String message(String type, JsonObject payload) {
        return new JsonObject().put("type", type).put("payload", payload).encode();
    }
}
