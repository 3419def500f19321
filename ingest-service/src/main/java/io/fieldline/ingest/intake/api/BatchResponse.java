package io.fieldline.ingest.intake.api;

import java.util.List;

/**
 * Answer to {@code POST /api/v1/datapoints/batch}: seed 000's StatusResponse (message with the accepted count) plus
 * Fieldline's {@code accepted} count and the refused items.
 */
public record BatchResponse(String status, String message, int accepted, List<RejectedItem> rejected) {

    /**
     * One refused item.
     *
     * @param index its position in {@code datapoints}
     * @param loc where the problem is, as in a 422's {@code errors[].loc}
     * @param detail why it was refused
     * @param type snake_case machine code ({@code not_found} for an unknown event)
     */
    public record RejectedItem(int index, List<Object> loc, String detail, String type) {
    }
}
