package org.reclaim.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trading-partner settings for the files the agent sends ({@code reclaim.clearinghouse.*}): the ISA
 * and GS sender and receiver ids, and ISA15 ({@code T} test, {@code P} production).
 */
@ConfigurationProperties("reclaim.clearinghouse")
public record ClearinghouseProperties(@DefaultValue("ZZ") String senderQualifier,
        @DefaultValue("RECLAIM") String senderId, @DefaultValue("ZZ") String receiverQualifier,
        @DefaultValue("CLEARINGHOUSE") String receiverId, @DefaultValue("T") String usage) {
}
