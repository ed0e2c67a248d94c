package org.reclaim.drafting;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;

/** The drafter against the Anthropic Messages API. */
class AnthropicModelDrafterTest extends ModelDrafterContract {

    @Override
    String path() {
        return "/v1/messages";
    }

    @Override
    ModelSettings.Provider provider() {
        return ModelSettings.Provider.ANTHROPIC;
    }

    @Override
    String reply(String content, int in, int out) throws JsonProcessingException {
        return JSON.writeValueAsString(
                Map.of(
                        "id",
                        "msg_1",
                        "type",
                        "message",
                        "role",
                        "assistant",
                        "model",
                        "test-model",
                        "stop_reason",
                        "end_turn",
                        "content",
                        List.of(Map.of("type", "text", "text", content)),
                        "usage",
                        Map.of("input_tokens", in, "output_tokens", out)));
    }
}
