package io.fieldline.ota.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the entries of a (ustar or GNU) tar stream far enough to find one regular file by name: 512-byte headers,
 * contents padded to 512 bytes, two zero blocks at the end. GNU long names ({@code L}) and pax {@code path} records
 * ({@code x}) are honoured, so a long path cannot hide or impersonate the entry looked for.
 */
final class TarEntries {

    private static final int BLOCK = 512;
    private static final int MAX_NAME_RECORD = 64 * 1024;

    private TarEntries() {
    }

    /**
     * The contents of the first regular file named {@code name} (a leading {@code ./} ignored), if it has at most
     * {@code maxSize} bytes.
     *
     * @throws Malformed when the stream is not a tar archive or the entry is too large
     */
    static Optional<byte[]> find(InputStream tar, String name, int maxSize) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (readBlock(tar, header)) {
            if (isZero(header)) {
                return Optional.empty();
            }
            if (!checksumMatches(header)) {
                throw new Malformed("not a tar archive");
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String entryName = longName != null ? longName : headerName(header);
            longName = null;
            if (type == 'L' || type == 'x') {
                String record = new String(contents(tar, size, MAX_NAME_RECORD), StandardCharsets.UTF_8);
                longName = type == 'L' ? record.replaceAll("\0+$", "") : paxPath(record);
                continue;
            }
            boolean regular = type == '0' || type == '\0';
            if (regular && strip(entryName).equals(name)) {
                if (size > maxSize) {
                    throw new Malformed(name + " is larger than " + maxSize + " bytes");
                }
                return Optional.of(contents(tar, size, maxSize));
            }
            tar.skipNBytes(padded(size));
        }
        return Optional.empty();
    }

    /** The stream is not a tar archive this reader understands. */
    static final class Malformed extends IOException {

        Malformed(String message) {
            super(message);
        }
    }

    private static byte[] contents(InputStream tar, long size, int maxSize) throws IOException {
        if (size > maxSize) {
            throw new Malformed("header record too large");
        }
        byte[] data = tar.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("truncated tar entry");
        }
        tar.skipNBytes(padded(size) - size);
        return data;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static String headerName(byte[] header) {
        String name = text(header, 0, 100);
        boolean ustar = text(header, 257, 5).equals("ustar");
        String prefix = ustar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    // A pax record is "<length> <key>=<value>\n"; only the path matters here.
    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String strip(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    // The header checksum: the unsigned byte sum with the checksum field itself read as spaces.
    private static boolean checksumMatches(byte[] header) throws Malformed {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        return sum == octal(header, 148, 8);
    }

    private static long octal(byte[] header, int offset, int length) throws Malformed {
        String digits = text(header, offset, length).trim();
        if (digits.isEmpty() || !digits.matches("[0-7]+")) {
            throw new Malformed("not a tar archive");
        }
        return Long.parseLong(digits, 8);
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
