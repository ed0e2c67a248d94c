package org.reclaim.x12.ack;

import java.util.List;

/**
 * A 999/997 answer about one transaction set (AK2 … IK5/AK5).
 *
 * @param transactionSetId AK201 (e.g. "837")
 * @param controlNumber    AK202: the ST02 of the acknowledged set
 * @param code             IK501/AK501: A, E, M, R, W or X
 * @param accepted         A or E
 * @param errors           IK3/IK4/IK5 error descriptions
 */
public record SetResponse(String transactionSetId, String controlNumber, String code, boolean accepted,
        List<String> errors) {
}
