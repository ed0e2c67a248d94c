package org.reclaim.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void controlCharactersAreLeftOutAndTabsAndLineBreaksKept() {
        assertThat(Texts.storable("filed \u0000late\u0007\u001b[0m\u007f\u0085!"))
                .isEqualTo("filed late[0m!");
        assertThat(Texts.storable("a\tb\r\nc é €")).isEqualTo("a\tb\r\nc é €");
        assertThat(Texts.storable(null)).isNull();
        String clean = "nothing to do";
        assertThat(Texts.storable(clean)).isSameAs(clean);
    }
}
