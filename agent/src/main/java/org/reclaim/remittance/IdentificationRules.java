package org.reclaim.remittance;

/**
 * Where ingestion finds the identification rules in force when a file arrives (triage's catalog
 * decides which adjustments are denials, and may be reloaded at any time).
 */
public interface IdentificationRules {

    Identification identification();
}
