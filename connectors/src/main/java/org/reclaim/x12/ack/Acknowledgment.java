package org.reclaim.x12.ack;

import java.util.List;

/**
 * One acknowledgment transaction: a 999/997 (sets filled, claims empty) or a 277CA (claims filled).
 *
 * @param type "999", "997" or "277CA"
 * @param transaction 1-based ordinal of the transaction in the file
 * @param controlNumber ST02 of the acknowledgment itself
 * @param acknowledgedGroup AK102: GS06 of the acknowledged functional group (999/997), or null
 * @param groupCode AK901 (A, E, P, R, M, W, X) for a 999/997, or null
 * @param groupAccepted false when AK901 is R, M, W or X: then no set is accepted
 * @param setsInGroup AK902: how many sets the acknowledged group held, 0 when not given
 * @param sets one answer per AK2 loop; one for the whole group when a rejected group has none
 * @param payerId the payer a 277CA is from (loop 2100A NM1*PR, NM109), or null (a 999/997, or a
 *     277CA from a clearinghouse, NM1*AY)
 * @param payerName that payer's name (NM103), or null
 */
public record Acknowledgment(
        String type,
        int transaction,
        String controlNumber,
        String acknowledgedGroup,
        String groupCode,
        boolean groupAccepted,
        int setsInGroup,
        List<SetResponse> sets,
        List<ClaimStatus> claims,
        String payerId,
        String payerName,
        long segment,
        long offset) {

    public int acceptedCount() {
        int n = 0;
        for (SetResponse s : sets) if (s.accepted()) n++;
        for (ClaimStatus c : claims) if (c.accepted()) n++;
        return n;
    }

    /**
     * Sets and claims rejected; a group rejected without AK2 loops counts the AK902 sets it held.
     */
    public int rejectedCount() {
        int n = sets.size() + claims.size() - acceptedCount();
        boolean wholeGroup =
                sets.size() == 1 && sets.get(0).controlNumber() == null && !sets.get(0).accepted();
        return wholeGroup && setsInGroup > 1 ? n + setsInGroup - 1 : n;
    }
}
