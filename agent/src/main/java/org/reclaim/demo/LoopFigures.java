package org.reclaim.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the agent loop cost while it ran, measured, not estimated: wall time, the JVM's CPU time,
 * the embedded PostgreSQL server's CPU time, and steps recorded, between two points; heap used and
 * live platform threads, sampled every 50 ms by a daemon thread; and the heap each garbage
 * collection left behind (what the JVM had to keep), from the collectors' notifications.
 */
final class LoopFigures {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Costs between two points. */
    record Span(long wallNanos, long cpuNanos, long postgresNanos, long steps) {

        double seconds() {
            return wallNanos / 1e9;
        }

        double cpuMsPerStep() {
            return steps == 0 ? 0 : cpuNanos / 1e6 / steps;
        }

        double postgresMsPerStep() {
            return steps == 0 ? 0 : postgresNanos / 1e6 / steps;
        }
    }

    private record Point(long wall, long cpu, long postgres, long steps) {}

    private final PostgresCpu postgres;
    private final Point start;
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final AtomicLong peakThreads = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;
    private final java.util.List<Runnable> listeners = new java.util.ArrayList<>();

    /**
     * @param postgres the server to measure, or null
     */
    LoopFigures(PostgresCpu postgres, long steps) {
        this.postgres = postgres;
        this.start = point(steps);
        this.sampler = new Thread(this::sample, "loop-figures");
        sampler.setDaemon(true);
        sampler.start();
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) heapPools.add(pool.getName());
        }
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof javax.management.NotificationEmitter emitter)) continue;
            javax.management.NotificationListener listener =
                    (n, handback) -> {
                        if (!running
                                || !com.sun.management.GarbageCollectionNotificationInfo
                                        .GARBAGE_COLLECTION_NOTIFICATION
                                        .equals(n.getType())) {
                            return;
                        }
                        var info =
                                com.sun.management.GarbageCollectionNotificationInfo.from(
                                        (javax.management.openmbean.CompositeData) n.getUserData());
                        long after = 0;
                        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                            if (heapPools.contains(e.getKey())) after += e.getValue().getUsed();
                        }
                        peakLive.accumulateAndGet(after, Math::max);
                    };
            emitter.addNotificationListener(listener, null, null);
            listeners.add(
                    () -> {
                        try {
                            emitter.removeNotificationListener(listener);
                        } catch (javax.management.ListenerNotFoundException ignored) {
                            // already gone
                        }
                    });
        }
    }

    private Point point(long steps) {
        return new Point(
                System.nanoTime(),
                OS.getProcessCpuTime(),
                postgres == null ? 0 : postgres.nanos(),
                steps);
    }

    /** From the start to now, with {@code steps} recorded by now. */
    Span since(long steps) {
        Point p = point(steps);
        return new Span(
                p.wall() - start.wall(),
                p.cpu() - start.cpu(),
                p.postgres() - start.postgres(),
                p.steps() - start.steps());
    }

    boolean measuresPostgres() {
        return postgres != null;
    }

    long peakHeap() {
        return peakHeap.get();
    }

    long peakLive() {
        return peakLive.get();
    }

    int peakThreads() {
        return (int) peakThreads.get();
    }

    void stop() {
        running = false;
        sampler.interrupt();
        listeners.forEach(Runnable::run);
    }

    private void sample() {
        var memory = ManagementFactory.getMemoryMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        while (running) {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
