package io.fieldline.ingest.intake.service;

/**
 * Why one datapoint of a request was not accepted.
 *
 * @param index position of the datapoint in the request (0 for a single datapoint)
 * @param field the offending field ({@code value}, {@code event_public_id}, {@code timestamp}, {@code quality}), or
 *        null when the item as a whole is wrong
 * @param detail human message, in seed 000's (pydantic's) wording where it has one
 * @param type snake_case machine code, as in the {@code errors[].type} of a 422
 */
public record Rejection(int index, String field, String detail, String type) {

    /** The type of a datapoint whose event does not exist in the caller's tenant. */
    public static final String UNKNOWN_EVENT = "not_found";

    /** Whether the datapoint was refused because its event is unknown (404 for a single datapoint). */
    public boolean unknownEvent() {
        return UNKNOWN_EVENT.equals(type);
    }
}
