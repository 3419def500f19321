package io.fieldline.ota.artifact;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 §14): {@code a-b}, {@code a-} or the suffix {@code -n}.
 * Several ranges in one header are answered with the whole file (allowed by the RFC), which keeps downloads simple
 * for resuming devices that ask for one range.
 */
public record ByteRange(long start, long end) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** How many bytes the range covers. */
    public long length() {
        return end - start + 1;
    }

    /** The Content-Range value for a file of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /**
     * Parses the header for a file of {@code size} bytes.
     *
     * @return empty for no header or one to ignore (malformed or multiple ranges: serve the whole file)
     * @throws Unsatisfiable when the range lies beyond the file (416)
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (start >= size) {
                throw new Unsatisfiable();
            }
            return end < start ? Optional.empty() : Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The range starts at or beyond the end of the file. */
    public static final class Unsatisfiable extends RuntimeException {

        Unsatisfiable() {
            super("Requested range not satisfiable", null, false, false);
        }
    }
}
