package org.reclaim.core;

/** A request the API cannot serve as asked (a bad filter, a bad page size): HTTP 400. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
