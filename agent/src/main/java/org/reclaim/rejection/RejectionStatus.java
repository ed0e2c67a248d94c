package org.reclaim.rejection;

/**
 * Where a rejection stands. It is derived from what is stored (V10__rejections.sql), never set:
 * open while the practice owes a fix; resolved once a {@link Resolution} applies.
 */
public enum RejectionStatus {
    OPEN,
    RESOLVED
}
