package org.reclaim.triage;

/** Ways a correction or appeal reaches a payer. */
public enum Channel {
    CLEARINGHOUSE, PORTAL, FAX, MAIL
}
