package dev.polycsi.launcher.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code polycsi client …}: a CSI client for any CSI socket, in the spirit of csc. It needs none
 * of the driver's plugins, Guice or Log4j.
 *
 * <p>picocli builds every registered command when {@code polycsi} starts, and the client's
 * thirty-odd commands would load the CSI message classes into every driver start. So this
 * command only takes the arguments after {@code client} and hands them to the client's own
 * command tree ({@link ClientRoot}), built when the client runs.
 */
@Command(name = "client",
        description = "A CSI client for any CSI socket: identity, controller, snapshot and node calls. See 'polycsi client --help'.",
        customSynopsis = "polycsi client [--endpoint ENDPOINT] [--timeout DURATION] [-o text|json] GROUP COMMAND [ARGS]")
public final class ClientCommand implements Callable<Integer> {

    // Everything after "client" is the client tree's to parse; these only keep picocli from refusing it.
    @Parameters(arity = "0..*", hidden = true)
    List<String> positional = new ArrayList<>();

    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine here = spec.commandLine();
        CommandLine top = here;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        CommandLine client = new CommandLine(new ClientRoot())
                .setOut(here.getOut())
                .setErr(here.getErr())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setColorScheme(here.getColorScheme())
                .setExecutionExceptionHandler(top.getExecutionExceptionHandler());
        return client.execute(argumentsAfterClient(top.getParseResult().expandedArgs()));
    }

    /** The arguments after the first "client": before it, polycsi takes no option with a value. */
    static String[] argumentsAfterClient(List<String> all) {
        int at = all.indexOf("client");
        return at < 0 ? new String[0] : all.subList(at + 1, all.size()).toArray(String[]::new);
    }
}
