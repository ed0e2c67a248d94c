package org.reclaim.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reclaim chaos <kill|instances|faults|mutate|hostile|all> [--seed S] [--kills N] [--denials
 * N] [--files N] [--samples DIR] [--fault-rate R] [--json]}: the chaos suite (docs/cli.md).
 * SIMULATED parties only. Exits 0 when every invariant holds, 1 when one is broken (named), 2 on a
 * usage error.
 */
public final class ChaosCommand {

    static final String USAGE =
            "usage: reclaim chaos <kill|instances|faults|mutate|hostile|all> [--seed 1] [--kills 20]"
                    + " [--denials 60] [--files 1000] [--samples DIR] [--speed PT24H, faults PT6H]"
                    + " [--settle 180s] [--fault-rate 0.3] [--json]";

    /** A run's options; durations in seconds on the command line ({@code 90s}) or ISO-8601. */
    record Options(
            long seed,
            int kills,
            int denials,
            int files,
            Duration speed,
            Duration settle,
            Duration startTimeout,
            boolean json,
            String samples,
            double faultRate) {
        static Options defaults() {
            return new Options(
                    1,
                    20,
                    60,
                    1000,
                    null,
                    Duration.ofSeconds(180),
                    Duration.ofSeconds(180),
                    false,
                    null,
                    0.3);
        }

        /** {@code --speed}, else the scenario's own. */
        Duration speedOr(Duration scenarios) {
            return speed == null ? scenarios : speed;
        }
    }

    private ChaosCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String scenario = args[0];
        Options o = Options.defaults();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--json")) {
                o = with(o, "json", "true");
                continue;
            }
            if (i + 1 >= args.length) {
                err.println("chaos: " + option + " needs a value");
                err.println(USAGE);
                return 2;
            }
            try {
                o = with(o, option, args[++i]);
            } catch (IllegalArgumentException e) {
                err.println("chaos: " + e.getMessage());
                err.println(USAGE);
                return 2;
            }
        }
        List<String> scenarios =
                switch (scenario) {
                    case "all" -> List.of("kill", "instances", "faults", "mutate");
                    case "kill", "instances", "faults", "mutate", "hostile" -> List.of(scenario);
                    default -> {
                        err.println("chaos: unknown scenario " + scenario);
                        err.println(USAGE);
                        yield null;
                    }
                };
        if (scenarios == null) return 2;
        List<Figures> results = new ArrayList<>();
        for (String s : scenarios) {
            PrintStream progress = o.json() ? err : out;
            Figures f =
                    switch (s) {
                        case "kill" -> KillScenario.run(o, progress);
                        case "instances" -> InstancesScenario.run(o, progress);
                        case "faults" -> FaultsScenario.run(o, progress);
                        case "mutate" -> MutateScenario.run(o, progress);
                        default -> HostileScenario.run(o, progress);
                    };
            f.print(out, o.json());
            results.add(f);
        }
        return results.stream().allMatch(Figures::holds) ? 0 : 1;
    }

    private static Options with(Options o, String option, String value) {
        try {
            return switch (option) {
                case "json" ->
                        new Options(
                                o.seed(),
                                o.kills(),
                                o.denials(),
                                o.files(),
                                o.speed(),
                                o.settle(),
                                o.startTimeout(),
                                true,
                                o.samples(),
                                o.faultRate());
                case "--seed" ->
                        new Options(
                                Long.parseLong(value),
                                o.kills(),
                                o.denials(),
                                o.files(),
                                o.speed(),
                                o.settle(),
                                o.startTimeout(),
                                o.json(),
                                o.samples(),
                                o.faultRate());
                case "--kills" ->
                        new Options(
                                o.seed(),
                                range(option, value, 0, 1000),
                                o.denials(),
                                o.files(),
                                o.speed(),
                                o.settle(),
                                o.startTimeout(),
                                o.json(),
                                o.samples(),
                                o.faultRate());
                case "--denials" ->
                        new Options(
                                o.seed(),
                                o.kills(),
                                range(option, value, 1, 10_000),
                                o.files(),
                                o.speed(),
                                o.settle(),
                                o.startTimeout(),
                                o.json(),
                                o.samples(),
                                o.faultRate());
                case "--files" ->
                        new Options(
                                o.seed(),
                                o.kills(),
                                o.denials(),
                                range(option, value, 1, 100_000),
                                o.speed(),
                                o.settle(),
                                o.startTimeout(),
                                o.json(),
                                o.samples(),
                                o.faultRate());
                case "--speed" ->
                        new Options(
                                o.seed(),
                                o.kills(),
                                o.denials(),
                                o.files(),
                                duration(value),
                                o.settle(),
                                o.startTimeout(),
                                o.json(),
                                o.samples(),
                                o.faultRate());
                case "--settle" ->
                        new Options(
                                o.seed(),
                                o.kills(),
                                o.denials(),
                                o.files(),
                                o.speed(),
                                duration(value),
                                o.startTimeout(),
                                o.json(),
                                o.samples(),
                                o.faultRate());
                case "--samples" ->
                        new Options(
                                o.seed(),
                                o.kills(),
                                o.denials(),
                                o.files(),
                                o.speed(),
                                o.settle(),
                                o.startTimeout(),
                                o.json(),
                                value,
                                o.faultRate());
                case "--fault-rate" -> {
                    double rate = Double.parseDouble(value);
                    if (!(rate >= 0 && rate <= 1))
                        throw new IllegalArgumentException(
                                "--fault-rate must be between 0 and 1 (was " + value + ")");
                    yield new Options(
                            o.seed(),
                            o.kills(),
                            o.denials(),
                            o.files(),
                            o.speed(),
                            o.settle(),
                            o.startTimeout(),
                            o.json(),
                            o.samples(),
                            rate);
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            };
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(option + " cannot read " + value);
        }
    }

    private static int range(String option, String value, int min, int max) {
        int n = Integer.parseInt(value);
        if (n < min || n > max)
            throw new IllegalArgumentException(
                    option + " must be between " + min + " and " + max + " (was " + n + ")");
        return n;
    }

    private static Duration duration(String value) {
        if (value.matches("\\d+s"))
            return Duration.ofSeconds(Long.parseLong(value.replace("s", "")));
        return Duration.parse(value);
    }
}
