package org.reclaim.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageTimeTest {

    @Test
    void secondsOpenAreKnownOnlyWhenThePageSaysWhenItWasShownAndItIsPlausible() {
        long now = PageTime.now();
        assertThat(PageTime.secondsSince(String.valueOf(now - 42_000))).isBetween(42, 43);
        assertThat(PageTime.secondsSince(null)).isNull();
        assertThat(PageTime.secondsSince("not a time")).isNull();
        assertThat(PageTime.secondsSince("0")).isNull();
        assertThat(PageTime.secondsSince(String.valueOf(now + 60_000)))
                .as("in the future")
                .isNull();
        assertThat(PageTime.secondsSince(String.valueOf(now - 90_000_000L)))
                .as("over a day open")
                .isNull();
    }
}
