package org.reclaim.metrics.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.metrics.Formats;
import org.reclaim.metrics.MetricsReport.MetricSet;
import org.reclaim.metrics.MetricsReport.Rate;

/** The line under each card: what the figure was computed from, so a reader can check it. */
final class DashboardDetail {

    private DashboardDetail() {}

    static Map<String, String> of(MetricSet m) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("denialRate", of(m.denialRate().count(), "denied of", "adjudicated claims"));
        d.put(
                "denialRateDollars",
                Formats.money(m.denialRate().dollars().numerator())
                        + " denied of "
                        + Formats.money(m.denialRate().dollars().denominator())
                        + " billed");
        d.put(
                "cleanClaimRate",
                of(m.cleanClaimRate(), "clean of", "claims")
                        + ", "
                        + m.claims().withoutAcknowledgment()
                        + " without acknowledgment");
        d.put("firstPassYield", of(m.firstPassYield(), "paid first time of", "decided claims"));
        d.put(
                "overturnRate",
                of(m.overturnRate(), "overturned of", "decided appeals")
                        + ", "
                        + m.appeals().pending()
                        + " pending");
        d.put(
                "daysInAr",
                Formats.money(m.daysInAr().arOutstanding())
                        + " outstanding, "
                        + Formats.money(m.daysInAr().averageDailyCharges())
                        + " billed a day over "
                        + m.daysInAr().windowDays()
                        + " days to "
                        + m.daysInAr().asOf());
        d.put(
                "daysToPayment",
                m.daysToPayment().numerator().toPlainString()
                        + " days over "
                        + m.daysToPayment().denominator().toPlainString()
                        + " paid claims");
        d.put(
                "costToRework",
                Formats.money(m.costToRework().total())
                        + " over "
                        + m.costToRework().workedDenials()
                        + " worked denials");
        d.put("denialsWorked", "of " + m.agent().denials() + " denials");
        d.put("resolved", "paid after the agent acted");
        d.put("recovered", Formats.money(m.agent().fees()) + " in fees");
        d.put("awaitingReview", "waiting for an operator");
        d.put("deadlinesAtRisk", m.agent().deadlinesPassed() + " already past");
        d.put("openDenials", "not resolved or closed");
        return d;
    }

    private static String of(Rate r, String what, String of) {
        return r.numerator().toPlainString()
                + " "
                + what
                + " "
                + r.denominator().toPlainString()
                + " "
                + of;
    }
}
