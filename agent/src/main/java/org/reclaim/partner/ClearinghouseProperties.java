package org.reclaim.partner;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The default trading-partner settings for the files the agent sends ({@code
 * reclaim.clearinghouse.*}): the ISA and GS sender and receiver ids, and ISA15 ({@code T} test,
 * {@code P} production). A practice's own clearinghouse setting ({@code PUT
 * /api/v1/connectors/clearinghouse}) replaces them for that practice.
 *
 * @param applicationSender GS02; unset: the sender id
 * @param applicationReceiver GS03; unset: the receiver id
 */
@ConfigurationProperties("reclaim.clearinghouse")
public record ClearinghouseProperties(
        @DefaultValue("ZZ") String senderQualifier,
        @DefaultValue("RECLAIM") String senderId,
        @DefaultValue("ZZ") String receiverQualifier,
        @DefaultValue("CLEARINGHOUSE") String receiverId,
        String applicationSender,
        String applicationReceiver,
        @DefaultValue("T") String usage) {}
