package org.reclaim.core;

import java.time.Duration;
import org.reclaim.x12.X12Limits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Caps on hostile or broken input ({@code reclaim.limits.*}, docs/configuration.md). The X12
 * structure caps and their sources are explained on {@link X12Limits}.
 *
 * @param uploadBytes bytes of one uploaded file (and of one file in the drop folder): more is
 *     refused with 413 (the inbox quarantines it)
 * @param partnerResponseBytes bytes of one answer from a partner over HTTP (clearinghouse, payer
 *     portal): more fails the call
 * @param staleSpool a spool file (a temporary copy an upload, an ingest or the CLI makes) older
 *     than this is taken for one left by a crashed run and deleted at start-up
 */
@ConfigurationProperties("reclaim.limits")
public record LimitsProperties(
        @DefaultValue("256MB") DataSize uploadBytes,
        Long segmentsPerClaim,
        Long serviceLines837p,
        Long serviceLines837i,
        Long serviceLines835,
        Long transactionsPerFile,
        Long elementLength,
        @DefaultValue("64MB") DataSize partnerResponseBytes,
        @DefaultValue("6h") Duration staleSpool) {

    /** A structure cap not set is {@link X12Limits#DEFAULT}'s. */
    public LimitsProperties {
        X12Limits d = X12Limits.DEFAULT;
        if (segmentsPerClaim == null) segmentsPerClaim = d.segmentsPerClaim();
        if (serviceLines837p == null) serviceLines837p = d.serviceLines837P();
        if (serviceLines837i == null) serviceLines837i = d.serviceLines837I();
        if (serviceLines835 == null) serviceLines835 = d.serviceLines835();
        if (transactionsPerFile == null) transactionsPerFile = d.transactionsPerFile();
        if (elementLength == null) elementLength = d.elementLength();
        if (uploadBytes.toBytes() < 1)
            throw new IllegalArgumentException("reclaim.limits.upload-bytes must be positive");
        if (partnerResponseBytes.toBytes() < 1) {
            throw new IllegalArgumentException(
                    "reclaim.limits.partner-response-bytes must be positive");
        }
        if (staleSpool.isNegative() || staleSpool.isZero())
            throw new IllegalArgumentException("reclaim.limits.stale-spool must be positive");
        // checks the structure caps (the fields are assigned only after this body)
        new X12Limits(
                segmentsPerClaim,
                serviceLines837p,
                serviceLines837i,
                serviceLines835,
                transactionsPerFile,
                elementLength);
    }

    /** The structure caps, for the X12 reader. */
    public X12Limits x12() {
        return new X12Limits(
                segmentsPerClaim,
                serviceLines837p,
                serviceLines837i,
                serviceLines835,
                transactionsPerFile,
                elementLength);
    }

    /** With the defaults, for code built without Spring (tests, the CLI). */
    public static LimitsProperties defaults() {
        X12Limits d = X12Limits.DEFAULT;
        return new LimitsProperties(
                DataSize.ofMegabytes(256),
                d.segmentsPerClaim(),
                d.serviceLines837P(),
                d.serviceLines837I(),
                d.serviceLines835(),
                d.transactionsPerFile(),
                d.elementLength(),
                DataSize.ofMegabytes(64),
                Duration.ofHours(6));
    }
}
