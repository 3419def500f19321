package io.fieldline.gateway.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.socket.SocketAuthentication;
import io.fieldline.gateway.socket.SocketGuard;
import io.fieldline.gateway.socket.SocketRefusal;
import io.fieldline.model.Permission;
import io.fieldline.model.TenantId;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

/**
 * One live socket. The feed thread only {@link #offer}s updates into a bounded pending set (latest value per event,
 * alarms and activity in order) and wakes the socket's event loop; everything else runs on that event loop. A flush
 * writes what is pending at most once per flush interval and only while the socket's write queue has room, so a slow
 * client loses intermediate values instead of growing memory; one that reads nothing for the stuck timeout, or lets
 * more than the pending-message limit pile up, is closed with 1013.
 */
abstract class LiveConnection {

    /** Close code "try again later": the client is too slow for the stream. */
    static final short TRY_AGAIN_LATER = 1013;
    /** Close code "going away": the peer stopped answering. */
    static final short GOING_AWAY = 1001;

    private static final Logger LOG = Logger.getLogger(LiveConnection.class);
    private static final Permission REQUIRED = Permission.READ_DATA;

    protected final ServerWebSocket socket;
    protected final LiveConfig config;
    private final Channel channel; // the socket's own, for shared frames; null: they go through Vert.x
    private final Context context;
    private final SocketAuthentication authentication;
    private final LiveIndex index;
    private final LiveFeed feed;
    private final int maxMessageSize;
    private final Runnable onClosed;

    // Shared with the feed thread, guarded by "this".
    private final LinkedHashMap<String, LiveUpdate.Value> pendingValues = new LinkedHashMap<>();
    private final ArrayDeque<LiveUpdate.Notice> pendingNotices = new ArrayDeque<>();
    private boolean flushPlanned;
    private boolean gone;
    private long droppedValues;

    // Event loop only.
    private TenantId tenant;
    private SocketGuard guard;
    private boolean closed;
    private boolean left; // out of the index, timers stopped: closing or closed
    private boolean waitingForDrain;
    private long lastFlush;
    private long stuckSince;
    private long lastHeard;
    private long lastPing;
    private long tickTimer = -1;
    private long windowStart;
    private int messagesInWindow;

    LiveConnection(ServerWebSocket socket, Channel channel, Context context, LiveSockets sockets, Runnable onClosed) {
        this.socket = socket;
        this.channel = channel;
        this.context = context;
        this.config = sockets.config();
        this.authentication = sockets.authentication();
        this.index = sockets.index();
        this.feed = sockets.feed();
        this.maxMessageSize = sockets.maxMessageSize();
        this.onClosed = onClosed;
    }

    /** The connection's tenant (set once it is authenticated). */
    final TenantId tenant() {
        return tenant;
    }

    /** Authenticates the (paused) socket, then registers it and starts reading; a refusal closes it with 1008. */
    final void open(String authorization) {
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(failure -> LOG.debugf("Live socket failed: %s", failure));
        authentication.authenticate(authorization, REQUIRED)
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(caller -> {
                    if (!closed) {
                        start(authorization, caller);
                    }
                }, failure -> {
                    SocketRefusal refusal = SocketRefusal.of(failure);
                    close(refusal.code(), refusal.reason());
                });
    }

    private void start(String authorization, GatewayCaller caller) {
        tenant = caller.tenant();
        guard = authentication.guard(context, authorization, REQUIRED, caller, this::close);
        long now = System.nanoTime();
        lastHeard = now;
        lastPing = now;
        windowStart = now;
        socket.textMessageHandler(this::received);
        socket.binaryMessageHandler(data -> received(data.toString(StandardCharsets.UTF_8)));
        socket.pongHandler(pong -> lastHeard = System.nanoTime());
        socket.drainHandler(v -> drained());
        index.add(this); // before the welcome: what is published after the client saw it reaches it
        write(welcome());
        if (feed.paused()) {
            write(status(true));
        }
        tickTimer = context.owner().setPeriodic(config.tickInterval().toMillis(), id -> tick());
        socket.resume();
    }

    /** The first message after authentication. */
    protected abstract String welcome();

    /** The {@code status} message telling that the live feed paused (broker unreachable) or resumed. */
    protected abstract String status(boolean paused);

    /** The {@code error} message for a bad client message. */
    protected abstract String error(String message);

    /** Handles a well-formed client message (a JSON object within the size limit). */
    protected abstract void handle(JsonObject message);

    /** Whether this connection wants the update at all (its type filter); called on the feed thread. */
    protected abstract boolean wants(LiveUpdate update);

    /** Writes pending data: notices in order, then the latest value of each event. */
    protected abstract void writePending(List<LiveUpdate.Notice> notices, List<LiveUpdate.Value> values);

    /** Least time between two flushes (values arriving meanwhile replace each other). */
    protected abstract Duration flushInterval();

    /** The events this connection watches by id (none: every event), for leaving the index. */
    protected Set<String> watchedEvents() {
        return Set.of();
    }

    protected final LiveIndex index() {
        return index;
    }

    /**
     * Queues an update for the next flush; called on the feed thread. True when the connection is to be
     * {@link #wake}d: the first update since its last flush.
     */
    final boolean offer(LiveUpdate update) {
        if (!wants(update)) {
            return false;
        }
        boolean wake;
        synchronized (this) {
            if (gone) {
                return false;
            }
            if (update instanceof LiveUpdate.Value value) {
                if (pendingValues.size() >= config.maxPendingValues() && !pendingValues.containsKey(value.eventId())) {
                    droppedValues++;
                    return false;
                }
                pendingValues.put(value.eventId(), value);
            } else {
                if (pendingNotices.size() >= config.maxPendingMessages()) {
                    gone = true;
                    pendingNotices.clear();
                    pendingValues.clear();
                    context.runOnContext(v -> close(TRY_AGAIN_LATER, "Client cannot keep up"));
                    return false;
                }
                pendingNotices.add((LiveUpdate.Notice) update);
            }
            wake = !flushPlanned;
            flushPlanned = true;
        }
        return wake;
    }

    /** Has the event loop plan a flush of what was offered; called on the feed thread. */
    final void wake() {
        context.runOnContext(v -> planFlush());
    }

    /** Tells the client the live feed paused or resumed; called on the feed thread. */
    final void feedStatus(boolean paused) {
        context.runOnContext(v -> {
            if (tenant != null) {
                write(status(paused));
            }
        });
    }

    /** Writes one text frame (event loop). */
    protected final void write(String frame) {
        if (!left) {
            socket.writeTextMessage(frame);
        }
    }

    /**
     * Writes a frame shared with other connections straight to the channel (event loop), unflushed: {@link #flush()}
     * flushes after writing what was pending. Writes stay in order with Vert.x's, which go to the same channel from
     * the same thread; nothing is written once Vert.x has sent or received a close frame.
     */
    protected final void write(SharedFrame frame) {
        if (left) {
            return;
        }
        if (channel == null) {
            socket.writeTextMessage(frame.text());
        } else if (!socket.isClosed()) {
            channel.write(frame.wire(), channel.voidPromise());
        }
    }

    /** Closes the socket (event loop); the close handler cleans up. */
    protected final void close(short code, String reason) {
        if (!closed && !socket.isClosed()) {
            // Leave at once: the close frame may wait behind unread data until the closing timeout ends the
            // connection, and nothing more should be queued for it meanwhile.
            leave();
            socket.close(code, reason);
        }
    }

    private void planFlush() {
        long wait = lastFlush + flushInterval().toNanos() - System.nanoTime();
        if (wait <= 0) {
            flush();
        } else {
            context.owner().setTimer(Math.max(1, wait / 1_000_000), id -> flush());
        }
    }

    private void flush() {
        if (left) {
            return;
        }
        if (socket.writeQueueFull()) {
            // Not a byte more until the client has read: values keep being replaced meanwhile (latest wins).
            waitingForDrain = true;
            if (stuckSince == 0) {
                stuckSince = System.nanoTime();
            }
            return;
        }
        waitingForDrain = false;
        stuckSince = 0;
        List<LiveUpdate.Notice> notices;
        List<LiveUpdate.Value> values;
        synchronized (this) {
            notices = new ArrayList<>(pendingNotices);
            values = new ArrayList<>(pendingValues.values());
            pendingNotices.clear();
            pendingValues.clear();
            flushPlanned = false;
        }
        if (!notices.isEmpty() || !values.isEmpty()) {
            lastFlush = System.nanoTime();
            writePending(notices, values);
            if (channel != null) {
                channel.flush();
            }
        }
    }

    private void drained() {
        if (waitingForDrain) {
            flush();
        }
    }

    private void tick() {
        long now = System.nanoTime();
        // A full write queue while anything (or nothing) is pending: the client has stopped reading.
        if (socket.writeQueueFull()) {
            if (stuckSince == 0) {
                stuckSince = now;
            } else if (now - stuckSince > config.stuckTimeout().toNanos()) {
                close(TRY_AGAIN_LATER, "Client is not reading");
                return;
            }
        } else if (waitingForDrain) {
            flush();
        } else {
            stuckSince = 0;
        }
        if (now - lastHeard > config.deadAfter().toNanos()) {
            close(GOING_AWAY, "No answer to pings");
        } else if (now - lastPing >= config.pingInterval().toNanos()) {
            lastPing = now;
            socket.writePing(Buffer.buffer("fieldline"));
        }
    }

    private void received(String text) {
        long now = System.nanoTime();
        lastHeard = now;
        if (now - windowStart > config.rateWindow().toNanos()) {
            windowStart = now;
            messagesInWindow = 0;
        }
        if (++messagesInWindow > config.maxClientMessages()) {
            close(SocketRefusal.policy("Rate limit exceeded").code(), "Rate limit exceeded");
            return;
        }
        if (text.length() > maxMessageSize) {
            write(error("Message too large (" + text.length() + " characters), max " + maxMessageSize));
            return;
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (RuntimeException e) {
            write(error("Invalid JSON message"));
            return;
        }
        handle(message);
    }

    private void closed() {
        leave();
        if (!closed) {
            closed = true;
            onClosed.run();
        }
    }

    private void leave() {
        if (left) {
            return;
        }
        left = true;
        synchronized (this) {
            gone = true;
            pendingNotices.clear();
            pendingValues.clear();
            if (droppedValues > 0) {
                LOG.debugf("A live socket of tenant %s lost %d values to its pending limit", tenant, droppedValues);
                droppedValues = 0;
            }
        }
        context.owner().cancelTimer(tickTimer);
        if (guard != null) {
            guard.stop();
        }
        if (tenant != null) {
            index.remove(this, watchedEvents());
        }
    }
}
