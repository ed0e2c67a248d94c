package org.reclaim.drafting;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.output.TokenUsage;

/**
 * Adds up the tokens of every model response within one draft, including answers that later fail to
 * parse: {@code AiServices} reports usage only with a parsed result, and a refused answer still
 * costs its tokens. langchain4j calls listeners on the calling thread, so a thread-local scope is
 * enough to keep concurrent drafts apart.
 */
final class TokenMeter implements ChatModelListener {

    static final class Usage {
        long in;
        long out;
    }

    private final ThreadLocal<Usage> current = new ThreadLocal<>();

    Usage start() {
        Usage u = new Usage();
        current.set(u);
        return u;
    }

    void stop() {
        current.remove();
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        Usage u = current.get();
        TokenUsage t = context.chatResponse().tokenUsage();
        if (u == null || t == null) return;
        if (t.inputTokenCount() != null) u.in += t.inputTokenCount();
        if (t.outputTokenCount() != null) u.out += t.outputTokenCount();
    }
}
