package org.reclaim.x12.claim;

/**
 * A provider or payer as named in an NM1 segment: NM109 id (NPI for providers, payer id for
 * NM1*PR), name, REF*EI tax id.
 */
public record Provider(String idQualifier, String id, String name, String taxId) {}
