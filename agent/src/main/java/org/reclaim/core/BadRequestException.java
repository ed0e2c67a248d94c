package org.reclaim.core;

/** A request the API cannot serve as asked (a bad filter, a bad page size): HTTP 400. */
public class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
