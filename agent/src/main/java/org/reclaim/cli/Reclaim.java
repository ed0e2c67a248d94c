package org.reclaim.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The jar's entry point. Command-line tools run as plain Java; only starting the service touches
 * Spring, and then by name, so that {@code inspect} never pays for loading it (docs/contracts.md
 * §2).
 */
public final class Reclaim {

    private static final String USAGE =
            """
            usage: reclaim [--spring.option=value ...]     start the service
                   reclaim inspect [--json] FILE...        report what X12 files hold
                   reclaim scrub [--json] FILE.837...      scrub claims before sending (no server)
                   reclaim generate ...                    write synthetic X12 files
                   reclaim benchmark [--file F]...         measure reading throughput
                   reclaim benchmark-scrub [--claims N]    measure scrubbing throughput
                   reclaim demo ...                        run the sandbox demo
                   reclaim benchmark-agent [--denials N] [--in-flight N] [--latency 500ms]
                                                           the agent loop's benchmark (the demo, measured)
                   reclaim benchmark-first-action [--denials N] [--seed S] [--window 180s]
                                                           seconds to each new denial's first action, real clock
                   reclaim benchmark-scale [--claims N] [--batch N] [--seed S] [--calls N] [--json]
                                                           N claims stored in batches, then the operator's queries timed
                   reclaim chaos <kill|instances|faults|mutate|hostile|all> [--seed S] [--json]
                                                           the chaos suite (SIMULATED parties, docs/cli.md)
                   reclaim backtest --until DATE [--json] [--practice SLUG]
                                                           learned rules measured on the stored history (docs/prevention.md)""";

    private Reclaim() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            // asked for help, not for a service: never start one by mistake
            System.out.println(USAGE);
            return;
        }
        if (args.length == 0 || args[0].startsWith("--")) {
            startService(args);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        PrintStream out = System.out;
        PrintStream err = System.err;
        int code =
                switch (args[0]) {
                    case "inspect" -> InspectCommand.run(rest, out, err);
                    case "scrub" -> ScrubCommand.run(rest, out, err);
                    case "benchmark-scrub" -> ScrubBenchmark.run(rest, out, err);
                    case "generate" -> SynthGenerator.run(rest, out, err);
                    case "benchmark" -> new BenchmarkCommand().run(rest, out, err);
                    case "demo" ->
                            runSpringCommand("org.reclaim.demo.DemoCommand", "run", rest, out, err);
                    case "benchmark-agent" ->
                            runSpringCommand(
                                    "org.reclaim.demo.DemoCommand", "benchmark", rest, out, err);
                    case "benchmark-first-action" ->
                            runSpringCommand(
                                    "org.reclaim.demo.FirstActionBenchmark", "run", rest, out, err);
                    case "benchmark-scale" ->
                            runSpringCommand(
                                    "org.reclaim.demo.ScaleBenchmark", "run", rest, out, err);
                    case "chaos" ->
                            runSpringCommand(
                                    "org.reclaim.chaos.ChaosCommand", "run", rest, out, err);
                    case "backtest" ->
                            runSpringCommand(
                                    "org.reclaim.prevention.learn.BacktestCommand",
                                    "run",
                                    rest,
                                    out,
                                    err);
                    case "help", "-h" -> {
                        out.println(USAGE);
                        yield 0;
                    }
                    default -> {
                        err.println("unknown command: " + args[0]);
                        err.println(USAGE);
                        yield 2;
                    }
                };
        out.flush();
        if (Boolean.getBoolean("reclaim.heap-peak")) err.println("heap-peak " + heapPeak());
        System.exit(code);
    }

    /**
     * The sum of the heap pools' peak use since the JVM started, in bytes: printed at exit with
     * {@code -Dreclaim.heap-peak=true}, for the chaos suite (it runs {@code inspect} in a child
     * JVM).
     */
    static long heapPeak() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean p :
                java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getPeakUsage() != null)
                peak += p.getPeakUsage().getUsed();
        }
        return peak;
    }

    /**
     * A command that needs the service's Spring context, loaded by name like the service itself.
     */
    private static int runSpringCommand(
            String className, String method, String[] args, PrintStream out, PrintStream err)
            throws Exception {
        try {
            return (Integer)
                    Class.forName(className)
                            .getMethod(method, String[].class, PrintStream.class, PrintStream.class)
                            .invoke(null, args, out, err);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    private static void startService(String[] args) throws Exception {
        Class<?> application;
        try {
            application = Class.forName("org.reclaim.ReclaimApplication");
        } catch (ClassNotFoundException e) {
            System.err.println(
                    "the service is not part of this build (org.reclaim.ReclaimApplication is missing)");
            System.exit(1);
            return;
        }
        try {
            Class.forName("org.springframework.boot.SpringApplication")
                    .getMethod("run", Class.class, String[].class)
                    .invoke(null, application, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }
}
