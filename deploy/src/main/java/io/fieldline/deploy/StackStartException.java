package io.fieldline.deploy;

import java.nio.file.Path;
import java.util.List;

/** Thrown when the dev stack cannot be brought up; says which component failed and where its log is. */
public class StackStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Path> logs;

    /** Creates the exception with a message for the console. */
    public StackStartException(String message) {
        this(message, List.of(), null);
    }

    /** Creates the exception with a message for the console and its cause. */
    public StackStartException(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    /** Creates the exception for failed components whose logs explain the failure. */
    public StackStartException(String message, List<Path> logs, Throwable cause) {
        super(message, cause);
        this.logs = List.copyOf(logs);
    }

    /** The logs of the components that failed; empty when no log applies. */
    public List<Path> logs() {
        return logs;
    }
}
