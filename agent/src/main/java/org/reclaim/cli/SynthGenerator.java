package org.reclaim.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The synthetic-file generator ({@code org.reclaim.x12.synth.GenerateCommand}) is built on another
 * branch; it is looked up by name so that this code compiles and runs with or without it.
 */
public final class SynthGenerator {

    static final String CLASS_NAME = "org.reclaim.x12.synth.GenerateCommand";

    private SynthGenerator() {}

    public static boolean available() {
        return entryPoint() != null;
    }

    /**
     * Runs {@code GenerateCommand.run(args, out, err)}; its exit code, or 1 when the generator is
     * absent.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Method run = entryPoint();
        if (run == null) {
            err.println(
                    "generate: the synthetic data generator is not part of this build ("
                            + CLASS_NAME
                            + ")");
            return 1;
        }
        try {
            Object result = run.invoke(null, args, out, err);
            return result instanceof Integer code ? code : 0;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error r) throw r;
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method entryPoint() {
        try {
            Class<?> type = Class.forName(CLASS_NAME);
            return type.getMethod("run", String[].class, PrintStream.class, PrintStream.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }
}
