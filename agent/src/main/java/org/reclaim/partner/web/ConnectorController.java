package org.reclaim.partner.web;

import org.reclaim.core.BadRequestException;
import org.reclaim.core.Page;
import org.reclaim.partner.ConnectorSettings;
import org.reclaim.partner.TradingPartner;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A practice's connector settings; a secret is stored encrypted and only its last four characters
 * shown.
 */
@RestController
class ConnectorController {

    private final ConnectorSettings settings;

    private final org.reclaim.security.TargetPractice target;

    ConnectorController(ConnectorSettings settings, org.reclaim.security.TargetPractice target) {
        this.target = target;
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
    Mono<Void> savePortal(
            @PathVariable String payerId,
            @RequestBody PortalRequest r,
            @org.springframework.web.bind.annotation.RequestParam(required = false)
                    String practice) {
        return target.forAdministration(practice)
                .flatMap(
                        p ->
                                settings.savePortal(
                                        p,
                                        payerId,
                                        r.baseUrl(),
                                        r.authHeaderName(),
                                        r.authHeaderValue()));
    }

    /**
     * The ISA/GS ids and ISA15 usage agreed with the clearinghouse. Qualifiers default to {@code
     * ZZ} (mutually defined), the GS application ids to the ISA ids; the ids and the usage are
     * required.
     */
    record TradingPartnerBody(
            String senderQualifier,
            String senderId,
            String receiverQualifier,
            String receiverId,
            String applicationSender,
            String applicationReceiver,
            String usage) {

        TradingPartner toPartner() {
            try {
                return new TradingPartner(
                        senderQualifier == null ? "ZZ" : senderQualifier.strip(),
                        senderId,
                        receiverQualifier == null ? "ZZ" : receiverQualifier.strip(),
                        receiverId,
                        applicationSender,
                        applicationReceiver,
                        TradingPartner.usage(usage == null ? null : usage.strip()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("tradingPartner: " + e.getMessage());
            }
        }

        static TradingPartnerBody of(TradingPartner p) {
            return new TradingPartnerBody(
                    p.senderQualifier(),
                    p.senderId(),
                    p.receiverQualifier(),
                    p.receiverId(),
                    p.applicationSender(),
                    p.applicationReceiver(),
                    p.usage().code());
        }
    }

    record ClearinghouseRequest(
            String baseUrl,
            String authHeaderName,
            String authHeaderValue,
            TradingPartnerBody tradingPartner,
            ConnectorSettings.SftpSetting sftp) {

        @Override
        public String toString() {
            return "ClearinghouseRequest["
                    + baseUrl
                    + ", "
                    + authHeaderName
                    + ", ****, "
                    + tradingPartner
                    + (sftp == null ? "" : ", " + sftp)
                    + "]";
        }
    }

    /**
     * {@code tradingPartnerSource}: {@code practice} (its own setting) or {@code defaults}
     * (reclaim.clearinghouse.*).
     */
    record ClearinghouseResponse(
            String flavour,
            String baseUrl,
            String authHeaderName,
            String authHeaderValue,
            TradingPartnerBody tradingPartner,
            String tradingPartnerSource,
            ConnectorSettings.SftpView sftp) {}

    /**
     * The practice's clearinghouse: with {@code sftp}, the SFTP flavour (docs/sftp.md); with {@code
     * baseUrl}, the REST flavour (CLEARINGHOUSE-REST.md in connectors/); without either, the folder
     * one. {@code tradingPartner} envelopes its outgoing files.
     */
    @PutMapping("/api/v1/connectors/clearinghouse")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> saveClearinghouse(
            @RequestBody ClearinghouseRequest r,
            @org.springframework.web.bind.annotation.RequestParam(required = false)
                    String practice) {
        TradingPartner partner = r.tradingPartner() == null ? null : r.tradingPartner().toPartner();
        if (r.sftp() != null) {
            if (r.baseUrl() != null || r.authHeaderName() != null || r.authHeaderValue() != null)
                throw new BadRequestException(
                        "sftp: give either sftp or baseUrl (REST clearinghouse), not both");
            return target.forAdministration(practice)
                    .flatMap(p -> settings.saveSftpClearinghouse(p, r.sftp(), partner));
        }
        return target.forAdministration(practice)
                .flatMap(
                        p ->
                                settings.saveClearinghouse(
                                        p,
                                        r.baseUrl(),
                                        r.authHeaderName(),
                                        r.authHeaderValue(),
                                        partner));
    }

    @GetMapping("/api/v1/connectors/clearinghouse")
    Mono<ClearinghouseResponse> clearinghouse(
            @org.springframework.web.bind.annotation.RequestParam(required = false)
                    String practice) {
        return target.of(practice)
                .flatMap(settings::clearinghouseView)
                .map(
                        v ->
                                new ClearinghouseResponse(
                                        v.flavour(),
                                        v.baseUrl(),
                                        v.authHeaderName(),
                                        v.authHeaderValue(),
                                        TradingPartnerBody.of(v.tradingPartner()),
                                        v.tradingPartnerSource(),
                                        v.sftp()));
    }

    /** Back to the folder clearinghouse and the default trading partner. */
    @DeleteMapping("/api/v1/connectors/clearinghouse")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> removeClearinghouse(
            @org.springframework.web.bind.annotation.RequestParam(required = false)
                    String practice) {
        return target.forAdministration(practice).flatMap(settings::removeClearinghouse);
    }

    /**
     * A list like every other (docs/contracts.md §3): {@code ?page=}, {@code &size=}, and the
     * page's fields.
     */
    @GetMapping("/api/v1/connectors/payer-portals")
    Mono<Page<ConnectorSettings.PortalView>> portals(
            @org.springframework.web.bind.annotation.RequestParam(required = false) String practice,
            @org.springframework.web.bind.annotation.RequestParam(required = false) Integer page,
            @org.springframework.web.bind.annotation.RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        return target.of(practice).flatMap(settings::portals).map(l -> Page.of(paging, l));
    }
}
