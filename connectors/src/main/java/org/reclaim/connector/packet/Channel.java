package org.reclaim.connector.packet;

import java.util.Locale;

/** How a packet leaves the practice; written in lower case in the packet's JSON. */
public enum Channel {
    FAX,
    MAIL,
    PORTAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
