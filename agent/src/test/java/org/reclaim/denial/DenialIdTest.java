package org.reclaim.denial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DenialIdTest {

    @Test
    void aDenialIdIsNeverNullAndSaysWhatWasNotAnId() {
        assertThatThrownBy(() -> new DenialId(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("denial id");
        assertThatThrownBy(() -> DenialId.parse("12; DROP TABLE denial"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a denial id: 12; DROP TABLE denial");
        UUID u = UUID.randomUUID();
        assertThat(DenialId.parse(u.toString()))
                .isEqualTo(DenialId.of(u))
                .hasToString(u.toString());
    }
}
