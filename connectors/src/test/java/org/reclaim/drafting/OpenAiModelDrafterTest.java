package org.reclaim.drafting;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;

/**
 * The drafter against an OpenAI-compatible chat-completions server (OpenAI, vLLM, Ollama, LM
 * Studio).
 */
class OpenAiModelDrafterTest extends ModelDrafterContract {

    @Override
    String path() {
        return "/v1/chat/completions";
    }

    @Override
    ModelSettings.Provider provider() {
        return ModelSettings.Provider.OPENAI;
    }

    @Override
    String reply(String content, int in, int out) throws JsonProcessingException {
        return JSON.writeValueAsString(
                Map.of(
                        "id",
                        "chatcmpl-1",
                        "object",
                        "chat.completion",
                        "created",
                        1767225600,
                        "model",
                        "test-model",
                        "choices",
                        List.of(
                                Map.of(
                                        "index",
                                        0,
                                        "finish_reason",
                                        "stop",
                                        "message",
                                        Map.of("role", "assistant", "content", content))),
                        "usage",
                        Map.of(
                                "prompt_tokens",
                                in,
                                "completion_tokens",
                                out,
                                "total_tokens",
                                in + out)));
    }
}
