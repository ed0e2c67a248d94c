package org.reclaim.scrub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.x12.claim.SubmittedClaim;

/** One claim's verdict with its findings, in the file's claim order. */
public record ClaimScrub(SubmittedClaim claim, Verdict verdict, List<Finding> findings) {

    public ClaimScrub {
        findings = List.copyOf(findings);
    }

    /**
     * The API's object: {@code patientControlNumber, payer {id, name}, charge, verdict, findings}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patientControlNumber", claim.patientControlNumber());
        Map<String, Object> payer = new LinkedHashMap<>();
        payer.put("id", claim.payer() == null ? null : claim.payer().id());
        payer.put("name", claim.payer() == null ? null : claim.payer().name());
        m.put("payer", payer);
        m.put("charge", claim.charge() == null ? null : claim.charge().toBigDecimal());
        m.put("verdict", verdict.name());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) list.add(f.toMap());
        m.put("findings", list);
        return m;
    }
}
