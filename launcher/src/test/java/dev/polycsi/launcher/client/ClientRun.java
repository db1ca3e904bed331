package dev.polycsi.launcher.client;

import dev.polycsi.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code polycsi client …} in this JVM through {@code Main.commandLine()}, capturing what it prints. */
record ClientRun(int exitCode, String out, String err) {

    static ClientRun client(String... args) {
        List<String> all = new ArrayList<>(List.of("client"));
        all.addAll(List.of(args));
        CommandLine commandLine = mainCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(all.toArray(String[]::new));
        return new ClientRun(code, out.toString(), err.toString());
    }

    /** Main.commandLine() is package-private in another package; the test calls it as Main.main does. */
    private static CommandLine mainCommandLine() {
        try {
            Method commandLine = Main.class.getDeclaredMethod("commandLine");
            commandLine.setAccessible(true);
            return (CommandLine) commandLine.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build polycsi's command line", e);
        }
    }

    /** The first word printed: the id, for the commands that print one. */
    String firstWord() {
        return out.strip().split("\\s+", 2)[0];
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
