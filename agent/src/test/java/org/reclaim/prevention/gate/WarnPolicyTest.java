package org.reclaim.prevention.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What the gate does with a WARN claim: send by default, hold when set, per practice too. */
class WarnPolicyTest {

    @Test
    void sendsByDefault() {
        assertThat(new WarnPolicy(new MockEnvironment()).sends("default")).isTrue();
    }

    @Test
    void theDefaultAndOnePracticeCanHold() {
        MockEnvironment env =
                new MockEnvironment()
                        .withProperty("reclaim.prevention.warn-policy", "hold")
                        .withProperty("reclaim.prevention.warn-policy-for.clinic-a", "SEND");
        WarnPolicy p = new WarnPolicy(env);
        assertThat(p.sends("default")).isFalse();
        assertThat(p.sends("clinic-a")).isTrue();
        assertThat(
                        new WarnPolicy(
                                        new MockEnvironment()
                                                .withProperty(
                                                        "reclaim.prevention.warn-policy-for.clinic-b",
                                                        "hold"))
                                .sends("clinic-b"))
                .isFalse();
    }

    @Test
    void anythingElseFailsNamingTheProperty() {
        assertThatThrownBy(
                        () ->
                                new WarnPolicy(
                                        new MockEnvironment()
                                                .withProperty(
                                                        "reclaim.prevention.warn-policy", "maybe")))
                .hasMessageContaining("reclaim.prevention.warn-policy")
                .hasMessageContaining("maybe");
        WarnPolicy p =
                new WarnPolicy(
                        new MockEnvironment()
                                .withProperty("reclaim.prevention.warn-policy-for.x", "later"));
        assertThatThrownBy(() -> p.sends("x"))
                .hasMessageContaining("reclaim.prevention.warn-policy-for.x");
    }
}
