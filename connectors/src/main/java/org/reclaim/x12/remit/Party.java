package org.reclaim.x12.remit;

/**
 * A payer or payee as named in N1 (and its id as the file gives it: N104, or TRN03 / REF*2U for the
 * payer).
 */
public record Party(String idQualifier, String id, String name) {}
