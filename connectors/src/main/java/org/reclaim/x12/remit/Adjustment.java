package org.reclaim.x12.remit;

import java.math.BigDecimal;
import org.reclaim.common.Money;

/** One (group, CARC, amount[, quantity]) triplet of a CAS segment. {@code quantity} may be null. */
public record Adjustment(String group, String carc, Money amount, BigDecimal quantity) {}
