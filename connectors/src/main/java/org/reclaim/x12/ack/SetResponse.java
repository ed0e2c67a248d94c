package org.reclaim.x12.ack;

import java.util.List;

/**
 * A 999/997 answer about one transaction set (AK2 … IK5/AK5), or about a whole functional group
 * rejected without AK2 loops: that answer names no set (control number null), carries the AK901
 * code and stands for every set of the group, which only the acknowledged group control number
 * ({@link Acknowledgment#acknowledgedGroup()}) identifies.
 *
 * @param transactionSetId AK201 (e.g. "837"); for a whole group, the set its AK101 functional
 *     identifier names (HC: 837), or null when AK101 is missing or not one this product sends
 * @param controlNumber AK202: the ST02 of the acknowledged set; null for a whole group
 * @param code IK501/AK501: A, E, M, R, W or X; AK901 for a whole group
 * @param accepted A or E, and the group not rejected (AK901 not R, M, W or X)
 * @param errors IK3/IK4/IK5 error descriptions; "AK901 R" (M, W, X) when the group alone rejected
 *     the set; the AK905–AK909 codes for a whole group
 */
public record SetResponse(
        String transactionSetId,
        String controlNumber,
        String code,
        boolean accepted,
        List<String> errors) {}
