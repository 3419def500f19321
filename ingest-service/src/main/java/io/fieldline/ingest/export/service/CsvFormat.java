package io.fieldline.ingest.export.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.fieldline.ingest.export.store.ExportRow;

/**
 * Seed 000's CSV, as Python's csv writer writes it: minimal quoting, {@code \r\n} line ends, timestamps as Python's
 * {@code isoformat()} of an aware UTC datetime, floats as Python's {@code str(float)}.
 */
public final class CsvFormat {

    /** The header line, with its line end. */
    public static final String HEADER = "timestamp,event_name,event_public_id,value,unit,datapoint_public_id\r\n";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private CsvFormat() {
    }

    /** One data line, with its line end. */
    public static void append(StringBuilder out, ExportRow row) {
        out.append(timestamp(row.timestamp())).append(',');
        field(out, row.eventName()).append(',');
        field(out, row.eventPublicId()).append(',');
        out.append(number(row.value())).append(',');
        field(out, row.unit()).append(',');
        field(out, row.datapointPublicId()).append("\r\n");
    }

    /** {@code 2025-01-15T14:30:00.123456+00:00}, without the fraction when it is zero (Python's isoformat). */
    public static String timestamp(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        int micro = micros.getNano() / 1000;
        String base = SECONDS.format(micros);
        return micro == 0 ? base + "+00:00" : base + "." + String.format("%06d", micro) + "+00:00";
    }

    /** Python's {@code str(float)}: shortest round-trip digits, exponent only below 1e-4 or from 1e16. */
    public static String number(double value) {
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            String plain = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        // Java writes 1.5E-5 / 1.0E16; Python writes 1.5e-05 / 1e+16.
        String java = Double.toString(value);
        int e = java.indexOf('E');
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(java.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /** Quotes a field only when it holds a comma, a quote or a line break, doubling quotes (QUOTE_MINIMAL). */
    static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            return out.append(value);
        }
        return out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    /** {@code experiment_<name: spaces→_, /→->_<first 8 chars of the id>.csv}; quotes and controls become _. */
    public static String fileName(String experimentName, String publicId) {
        String name = experimentName.replace(' ', '_').replace('/', '-').replaceAll("[\"\\\\\\p{Cntrl}]", "_");
        return "experiment_" + name + "_" + publicId.substring(0, Math.min(8, publicId.length())) + ".csv";
    }
}
