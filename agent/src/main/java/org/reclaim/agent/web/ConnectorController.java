package org.reclaim.agent.web;

import java.util.List;
import java.util.Map;
import org.reclaim.agent.ConnectorSettings;
import org.reclaim.practice.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A practice's connector settings; a secret is stored encrypted and only its last four characters shown. */
@RestController
class ConnectorController {

    private final ConnectorSettings settings;

    ConnectorController(ConnectorSettings settings) {
        this.settings = settings;
    }

    record PortalRequest(String baseUrl, String authHeaderName, String authHeaderValue) {

        @Override
        public String toString() {
            return "PortalRequest[" + baseUrl + ", " + authHeaderName + ", ****]";
        }
    }

    @PutMapping("/api/v1/connectors/payer-portals/{payerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> savePortal(@PathVariable String payerId, @RequestBody PortalRequest r) {
        return settings.savePortal(Practices.DEFAULT_ID, payerId, r.baseUrl(), r.authHeaderName(), r.authHeaderValue());
    }

    /** The practice's REST clearinghouse (CLEARINGHOUSE-REST.md in connectors/); without one, the folder one. */
    @PutMapping("/api/v1/connectors/clearinghouse")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> saveClearinghouse(@RequestBody PortalRequest r) {
        return settings.saveClearinghouse(Practices.DEFAULT_ID, r.baseUrl(), r.authHeaderName(), r.authHeaderValue());
    }

    @GetMapping("/api/v1/connectors/payer-portals")
    Mono<Map<String, List<ConnectorSettings.PortalView>>> portals() {
        return settings.portals(Practices.DEFAULT_ID).map(l -> Map.of("content", l));
    }
}
