package io.fieldline.gateway.socket;

/**
 * Closes a socket with a code and reason; lets {@link SocketGuard} serve both raw Vert.x sockets and
 * websockets-next connections.
 */
@FunctionalInterface
public interface SocketCloser {

    /** Close code for a policy violation (seed 000 uses it for every authentication refusal). */
    short POLICY_VIOLATION = 1008;
    /** Close code for a server-side failure. */
    short INTERNAL_ERROR = 1011;

    void close(short code, String reason);
}
