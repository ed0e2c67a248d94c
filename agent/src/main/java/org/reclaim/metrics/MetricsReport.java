package org.reclaim.metrics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/v1/metrics} answers: the metrics overall and broken down by payer, by
 * category and by month, each rate with its numerator and denominator, the headline figures as
 * displayed, and the assumptions made where data is missing.
 */
public record MetricsReport(
        LocalDate asOf,
        LocalDate from,
        LocalDate to,
        Settings settings,
        Map<String, String> headline,
        MetricSet overall,
        List<Row> byPayer,
        List<Row> byCategory,
        List<Row> byMonth,
        List<MonthRecovery> recoveryByMonth,
        List<AgingBucket> aging,
        Map<String, Long> openByStatus,
        List<CodeRow> topCarc,
        List<CodeRow> topRarc,
        List<String> assumptions) {

    /**
     * What was recovered (billable events) by the month the money arrived: the payment date of the
     * 835 that paid the denial (BPR16, else the day its file arrived; never before the denial's own
     * date), else the day the payment was recorded. Not the month of the original denial.
     */
    public record MonthRecovery(
            String month, long denials, BigDecimal recovered, String formatted, BigDecimal fees) {}

    /**
     * Open denials (as counted in {@code openDenials}) by days since the denial (its 835's payment
     * date) as of today: {@code fromDays}–{@code toDays}, {@code toDays} null for the last bucket.
     */
    public record AgingBucket(
            String bucket,
            int fromDays,
            Integer toDays,
            long denials,
            BigDecimal dollars,
            String formatted) {}

    /**
     * Denials by adjustment reason code (CARC) or remark code (RARC, a denial with two counts under
     * both), within the period: count, denied dollars and the overturn rate of the appealed ones.
     */
    public record CodeRow(
            String code,
            long denials,
            BigDecimal dollars,
            String formatted,
            Appeals appeals,
            Rate overturnRate) {}

    /** The prices and windows the figures were computed with ({@code reclaim.metrics.*}). */
    public record Settings(
            BigDecimal costPerStep,
            BigDecimal tokenPricePerThousand,
            BigDecimal operatorHourlyRate,
            int deadlineRiskDays,
            int arWindowDays) {}

    /**
     * One line of a breakdown: the payer id, category or month ({@code key}) and what to call it.
     */
    public record Row(String key, String name, MetricSet metrics) {}

    /**
     * Every metric for one slice of the data. Claim-level metrics (clean claim rate, first-pass
     * yield, days in AR, days to payment) are null by category: a claim has no category until it is
     * denied. {@code unacknowledgedShare} = claims with no 999/997/277CA ÷ claims (they are assumed
     * clean); {@code acknowledgedCleanRate} = the clean claim rate over acknowledged claims only.
     */
    public record MetricSet(
            DenialRate denialRate,
            Rate cleanClaimRate,
            Rate unacknowledgedShare,
            Rate acknowledgedCleanRate,
            Rate firstPassYield,
            Claims claims,
            Rate overturnRate,
            Appeals appeals,
            DaysInAr daysInAr,
            Rate daysToPayment,
            Cost costToRework,
            Agent agent) {}

    /**
     * {@code value} = numerator ÷ denominator (null when the denominator is zero); {@code
     * formatted} is how the dashboard shows it (a percentage for a rate, days for an average).
     */
    public record Rate(
            BigDecimal numerator, BigDecimal denominator, BigDecimal value, String formatted) {}

    public record DenialRate(Rate count, Rate dollars) {}

    /**
     * The claims (first submissions in the 837s on file) behind the clean claim rate and first-pass
     * yield.
     */
    public record Claims(
            long submitted,
            long rejected,
            long edited,
            long withoutAcknowledgment,
            long awaitingAdjudication) {}

    /** Appeals sent: decided = overturned or upheld since; pending = not answered yet. */
    public record Appeals(long appealed, long decided, long overturned, long pending) {}

    /**
     * Days in AR as of a date: (claims outstanding + open denials) × windowDays ÷ charges in the
     * window. {@code value} is null when nothing was charged in the window.
     */
    public record DaysInAr(
            LocalDate asOf,
            BigDecimal value,
            String formatted,
            BigDecimal arOutstanding,
            BigDecimal claimsOutstanding,
            BigDecimal denialsOutstanding,
            BigDecimal chargesInWindow,
            int windowDays,
            BigDecimal averageDailyCharges) {}

    /**
     * Cost to rework: {@code total} ÷ {@code workedDenials} = {@code perWorkedDenial}; total =
     * compute + tokens + operator. Decisions without a reported time count as zero seconds (a lower
     * bound).
     */
    public record Cost(
            BigDecimal perWorkedDenial,
            String formatted,
            BigDecimal total,
            long workedDenials,
            BigDecimal compute,
            BigDecimal tokens,
            BigDecimal operator,
            long steps,
            long modelTokens,
            long operatorSeconds,
            long operatorDecisions,
            long operatorDecisionsWithoutTime) {}

    /** The agent's own figures. */
    public record Agent(
            long denials,
            long denialsWorked,
            long resolved,
            BigDecimal recovered,
            BigDecimal fees,
            long awaitingReview,
            long openDenials,
            long deadlinesAtRisk,
            long deadlinesPassed) {}
}
