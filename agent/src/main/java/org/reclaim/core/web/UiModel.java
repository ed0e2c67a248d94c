package org.reclaim.core.web;

import java.util.Arrays;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout needs: whether the simulated parts are wired in (demo profile). */
@ControllerAdvice(basePackages = "org.reclaim")
public class UiModel {

    private final boolean simulated;

    public UiModel(Environment env) {
        this.simulated = Arrays.asList(env.getActiveProfiles()).contains("demo");
    }

    @ModelAttribute("simulated")
    public boolean simulated() {
        return simulated;
    }
}
