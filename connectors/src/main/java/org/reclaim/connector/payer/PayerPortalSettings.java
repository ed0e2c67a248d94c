package org.reclaim.connector.payer;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.http.HostPolicy;

/**
 * One payer's portal API (contract: {@code connectors/PAYER-PORTAL-REST.md}).
 *
 * @param payerId the payer this portal is for
 * @param baseUrl e.g. {@code https://portal.payer.example/api}
 * @param authHeaderName e.g. {@code Authorization}; null for none
 * @param authHeaderValue its value (a secret, from the environment); never printed
 * @param fieldNames our JSON member (or query parameter) name → the payer's, for those that differ;
 *     see {@link #FIELDS} for ours
 * @param statusValues the payer's status word → ours (a {@link CaseStatus.State} or {@link
 *     ClaimStatusAnswer.Category} name), for words that differ from ours; matched ignoring case
 * @param resilience the policy of every call
 * @param hosts the hosts it may reach, checked before every call
 */
public record PayerPortalSettings(
        String payerId,
        URI baseUrl,
        String authHeaderName,
        String authHeaderValue,
        Map<String, String> fieldNames,
        Map<String, String> statusValues,
        ResilienceSettings resilience,
        HostPolicy hosts) {

    /** Our field names: the defaults on the wire. */
    public static final Set<String> FIELDS =
            Set.of(
                    "payerId",
                    "payerClaimNumber",
                    "patientControlNumber",
                    "appealLevel",
                    "packet",
                    "packetSha256",
                    "correction",
                    "caseId",
                    "status",
                    "reason",
                    "paidAmount",
                    "decidedOn",
                    "memberId",
                    "procedure",
                    "serviceDate",
                    "authorizationNumber",
                    "from",
                    "to");

    public PayerPortalSettings {
        Requests.required("payerId", payerId);
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(hosts, "hosts");
        if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException(
                    "payer " + payerId + ": base URL must be http(s): " + baseUrl);
        }
        fieldNames = Map.copyOf(fieldNames == null ? Map.of() : fieldNames);
        Set<String> unknown = new TreeSet<>(fieldNames.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "payer "
                            + payerId
                            + ": no such field(s) to rename: "
                            + unknown
                            + "; known: "
                            + new TreeSet<>(FIELDS));
        }
        fieldNames.forEach(
                (ours, theirs) ->
                        Requests.required("payer " + payerId + " name for " + ours, theirs));
        long distinct = fieldNames.values().stream().distinct().count();
        if (distinct != fieldNames.size()) {
            throw new IllegalArgumentException(
                    "payer " + payerId + ": two fields renamed to the same name");
        }
        statusValues =
                (statusValues == null ? Map.<String, String>of() : statusValues)
                        .entrySet().stream()
                                .collect(
                                        Collectors.toUnmodifiableMap(
                                                e -> e.getKey().strip().toUpperCase(Locale.ROOT),
                                                e ->
                                                        e.getValue()
                                                                .strip()
                                                                .toUpperCase(Locale.ROOT)));
        Set<String> ours =
                Stream.concat(
                                Arrays.stream(CaseStatus.State.values()).map(Enum::name),
                                Arrays.stream(ClaimStatusAnswer.Category.values()).map(Enum::name))
                        .collect(Collectors.toSet());
        Set<String> badTargets = new TreeSet<>(statusValues.values());
        badTargets.removeAll(ours);
        if (!badTargets.isEmpty()) {
            throw new IllegalArgumentException(
                    "payer "
                            + payerId
                            + ": status value(s) map to unknown status "
                            + badTargets
                            + "; known: "
                            + new TreeSet<>(ours));
        }
    }

    /** The payer's name for our field {@code ours}. */
    public String field(String ours) {
        if (!FIELDS.contains(ours))
            throw new IllegalArgumentException("not a portal field: " + ours);
        return fieldNames.getOrDefault(ours, ours);
    }

    @Override
    public String toString() {
        return "PayerPortalSettings[payerId="
                + payerId
                + ", baseUrl="
                + baseUrl
                + ", authHeaderName="
                + authHeaderName
                + ", authHeaderValue="
                + (authHeaderValue == null ? "none" : "(secret)")
                + ", fieldNames="
                + fieldNames
                + ", statusValues="
                + statusValues
                + ", resilience="
                + resilience
                + "]";
    }
}
