package org.reclaim.connector.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer body read into memory up to a cap: past it (or when Content-Length already says more)
 * the subscription is cancelled, so an endless or huge answer costs at most the cap, never an
 * OutOfMemoryError.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

    /** What was read: the bytes, or {@code over} with how many were seen before stopping. */
    record Body(byte[] bytes, boolean over, long seen) {}

    static HttpResponse.BodyHandler<Body> handler(long cap) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new CappedBody(cap, declared > cap ? declared : -1);
        };
    }

    private final long cap;
    private final long declaredOver;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long seen;

    private CappedBody(long cap, long declaredOver) {
        this.cap = cap;
        this.declaredOver = declaredOver;
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredOver >= 0) {
            s.cancel();
            result.complete(new Body(new byte[0], true, declaredOver));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) return;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            seen += n;
            if (seen > cap) {
                subscription.cancel();
                result.complete(new Body(new byte[0], true, seen));
                return;
            }
            byte[] chunk = new byte[n];
            b.get(chunk);
            bytes.write(chunk, 0, n);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(bytes.toByteArray(), false, seen));
    }
}
