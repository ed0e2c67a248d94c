package org.reclaim.partner;

import org.reclaim.connector.clearinghouse.Clearinghouse;
import org.reclaim.connector.clearinghouse.FolderClearinghouse;
import org.reclaim.connector.packet.PacketOutbox;
import org.reclaim.connector.records.Records;
import org.reclaim.connector.records.RecordsFolder;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.drafting.Drafter;
import org.reclaim.drafting.Drafters;
import org.reclaim.drafting.ModelSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connectors of the default profile (docs/contracts.md §4): the folder clearinghouse under the
 * data directory, the fax/mail packet outbox, the records folder, and the drafter the
 * RECLAIM_MODEL_* variables choose (offline templates when unset). No payer portal is configured by
 * default.
 */
@Configuration
class AgentConnectors {

    private static final Logger log = LoggerFactory.getLogger(AgentConnectors.class);

    @Bean
    @ConditionalOnMissingBean
    Clearinghouse clearinghouse(ReclaimProperties props) {
        return new FolderClearinghouse(props.dataDir());
    }

    @Bean
    PacketOutbox packetOutbox(ReclaimProperties props) {
        return new PacketOutbox(props.dataDir());
    }

    @Bean
    @ConditionalOnMissingBean
    Records records(ReclaimProperties props) {
        return new RecordsFolder(props.dataDir());
    }

    /** What connector settings may point at (reclaim.connectors.*): checked on save and on call. */
    @Bean
    org.reclaim.connector.http.HostPolicy connectorHosts(ConnectorHostsProperties hosts) {
        return hosts.policy();
    }

    @Bean
    RemoteCalls remoteCalls(
            @org.springframework.beans.factory.annotation.Value(
                            "${reclaim.agent.remote-timeout:5m}")
                    java.time.Duration timeout) {
        return new RemoteCalls.Blocking(timeout);
    }

    @Bean
    @ConditionalOnMissingBean
    Drafter drafter(org.reclaim.connector.http.HostPolicy hosts) {
        ModelSettings settings = ModelSettings.fromEnvironment(System.getenv());
        log.info(
                "drafting with {}",
                settings.provider() == ModelSettings.Provider.OFFLINE
                        ? "offline templates (no model)"
                        : settings.provider() + " model " + settings.modelName());
        // a model's base URL obeys reclaim.connectors.* like a connector setting's
        return Drafters.create(settings, hosts);
    }
}
