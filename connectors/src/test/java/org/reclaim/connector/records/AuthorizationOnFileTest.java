package org.reclaim.connector.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AuthorizationOnFileTest {

    static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
    static final LocalDate MAR_31 = LocalDate.of(2026, 3, 31);

    final AuthorizationOnFile firstQuarter =
            new AuthorizationOnFile("PT-1001", "M1", "87726", "97110", JAN_1, MAR_31, "AUTH-Q1");

    static AuthorizationQuery line(String procedure, LocalDate date) {
        return new AuthorizationQuery("PT-1001", "87726", "M1", procedure, date, date);
    }

    static AuthorizationQuery wholeClaim(LocalDate from, LocalDate to) {
        return new AuthorizationQuery("PT-1001", "87726", "M1", null, from, to);
    }

    @Test
    void aLineIsCoveredForItsProcedureOnADateInsideTheAuthorizationBoundsIncluded() {
        assertThat(firstQuarter.covers(line("97110", JAN_1))).isTrue();
        assertThat(firstQuarter.covers(line(" 97110 ", MAR_31))).isTrue();
        assertThat(firstQuarter.covers(line("97110", MAR_31.plusDays(1)))).isFalse();
        assertThat(firstQuarter.covers(line("72148", JAN_1))).isFalse();
        assertThat(
                        firstQuarter.covers(
                                new AuthorizationQuery(
                                        "PT-2002", "87726", "M1", "97110", JAN_1, JAN_1)))
                .isFalse();
    }

    @Test
    void aClaimLevelDenialIsCoveredWhenTheClaimsDatesOfServiceFallInsideTheAuthorization() {
        assertThat(
                        firstQuarter.covers(
                                wholeClaim(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 14))))
                .isTrue();
        assertThat(
                        firstQuarter.covers(
                                wholeClaim(LocalDate.of(2026, 3, 30), LocalDate.of(2026, 4, 2))))
                .as("a claim that runs past the authorization")
                .isFalse();
        assertThat(firstQuarter.covers(wholeClaim(null, LocalDate.of(2026, 2, 1))))
                .as("one known date stands for both")
                .isTrue();
    }

    @Test
    void aClaimLevelDenialWithoutDatesOfServiceIsNotCovered() {
        assertThat(firstQuarter.covers(wholeClaim(null, null))).isFalse();
        assertThat(firstQuarter.covers(line("97110", null))).isFalse();
    }

    @Test
    void anAuthorizationNamingAnotherPayerDoesNotCoverAndOneNamingNoneCoversAnyPayer() {
        assertThat(
                        firstQuarter.covers(
                                new AuthorizationQuery(
                                        "PT-1001", "60054", "M1", "97110", JAN_1, JAN_1)))
                .isFalse();
        assertThat(
                        firstQuarter.covers(
                                new AuthorizationQuery(
                                        "PT-1001", null, "M1", "97110", JAN_1, JAN_1)))
                .as("a payer the denial does not know cannot be shown to be the one named")
                .isFalse();
        AuthorizationOnFile anyPayer =
                new AuthorizationOnFile("PT-1001", "M1", "", "97110", JAN_1, null, "AUTH-ANY");
        assertThat(
                        anyPayer.covers(
                                new AuthorizationQuery(
                                        "PT-1001", "60054", "M1", "97110", JAN_1, JAN_1)))
                .isTrue();
    }

    @Test
    void theMemberMustMatchOnlyWhenBothTheRowAndTheDenialKnowOne() {
        assertThat(
                        firstQuarter.covers(
                                new AuthorizationQuery(
                                        "PT-1001", "87726", "M2", "97110", JAN_1, JAN_1)))
                .isFalse();
        assertThat(
                        firstQuarter.covers(
                                new AuthorizationQuery(
                                        "PT-1001", "87726", "m1", "97110", JAN_1, JAN_1)))
                .isTrue();
        assertThat(
                        firstQuarter.covers(
                                new AuthorizationQuery(
                                        "PT-1001", "87726", null, "97110", JAN_1, JAN_1)))
                .isTrue();
        AuthorizationOnFile anyMember =
                new AuthorizationOnFile("PT-1001", "", "87726", "97110", JAN_1, null, "AUTH-ANY");
        assertThat(
                        anyMember.covers(
                                new AuthorizationQuery(
                                        "PT-1001", "87726", "M2", "97110", JAN_1, JAN_1)))
                .isTrue();
    }

    @Test
    void datesOfServiceMustNotRunBackwards() {
        assertThatThrownBy(() -> wholeClaim(MAR_31, JAN_1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before");
    }
}
