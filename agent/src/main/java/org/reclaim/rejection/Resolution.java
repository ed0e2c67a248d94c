package org.reclaim.rejection;

/**
 * What resolved a rejection: the first of these facts to arrive (the view {@code rejection},
 * V10__rejections.sql, decides; this type names its answers).
 */
public enum Resolution {
    /** An 835 adjudicated the claim, as sent or as sent again: the payer took it after all. */
    ADJUDICATED,
    /**
     * The practice sent the claim again (same patient control number) and it was answered without a
     * rejection.
     */
    RESUBMITTED,
    /**
     * The claim sent again was rejected again: that newer rejection is the one to work, not this
     * one.
     */
    SUPERSEDED,
    /** An operator closed it on purpose, with a reason. */
    CLOSED
}
