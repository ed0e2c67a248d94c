package org.reclaim.connector.payer;

final class Requests {

    private Requests() {}

    static void key(String key) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw new IllegalArgumentException(
                    "an idempotency key of 1 to 255 characters is required");
        }
    }

    static void required(String name, String value) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException(name + " is required");
    }
}
