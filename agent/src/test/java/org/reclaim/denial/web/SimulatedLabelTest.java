package org.reclaim.denial.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reclaim.core.web.UiModel;
import org.springframework.mock.env.MockEnvironment;

/** The layout's SIMULATED banner follows the demo profile, and only it. */
class SimulatedLabelTest {

    @Test
    void onlyTheDemoProfileIsLabelledSimulated() {
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThat(new UiModel(demo).simulated()).isTrue();
        assertThat(new UiModel(new MockEnvironment()).simulated()).isFalse();
    }
}
