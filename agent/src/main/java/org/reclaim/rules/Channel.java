package org.reclaim.rules;

/** Ways a correction or appeal reaches a payer. */
public enum Channel {
    CLEARINGHOUSE,
    PORTAL,
    FAX,
    MAIL
}
