package org.reclaim.connector.records;

/** A document on file for a claim: its file name, size in bytes and SHA-256 (hex). */
public record RecordDocument(String name, long size, String sha256) {}
