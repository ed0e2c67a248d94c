package org.reclaim.rules;

public enum PayerType {
    MEDICARE,
    MEDICAID,
    MEDICARE_ADVANTAGE,
    COMMERCIAL,
    WORKERS_COMP,
    OTHER
}
