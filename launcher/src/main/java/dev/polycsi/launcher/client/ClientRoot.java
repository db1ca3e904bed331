package dev.polycsi.launcher.client;

import dev.polycsi.core.server.Endpoint;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root of the client's own command tree, which {@link ClientCommand} builds only when
 * {@code polycsi client} runs. A command opens one channel, makes its call(s), prints and closes it.
 */
@Command(name = "polycsi client",
        description = "Call any CSI driver: identity, controller, snapshot or node.",
        subcommands = {
            IdentityCommands.class,
            ControllerCommands.class,
            SnapshotCommands.class,
            NodeCommands.class
        })
final class ClientRoot implements Runnable {

    static final String DEFAULT_ENDPOINT = "unix:///csi/csi.sock";
    static final String ENDPOINT_VARIABLE = "CSI_ENDPOINT";

    enum Output { text, json }

    // Inherited, so that they may come before or after the group and command.

    @Option(names = "--endpoint", scope = ScopeType.INHERIT, converter = Converters.CsiEndpoint.class, paramLabel = "ENDPOINT",
            defaultValue = "${env:" + ENDPOINT_VARIABLE + ":-" + DEFAULT_ENDPOINT + "}",
            description = "unix:///path/csi.sock or tcp://host:port (default: $" + ENDPOINT_VARIABLE + ", else " + DEFAULT_ENDPOINT + ").")
    Endpoint endpoint;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, converter = Converters.Timeout.class, paramLabel = "DURATION",
            defaultValue = "30s", description = "Deadline of each call, e.g. PT30S or 30s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "text|json", defaultValue = "text",
            description = "text, or json: the response message as JSON (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(names = {"-h", "--help"}, scope = ScopeType.INHERIT, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a group: identity, controller, snapshot or node");
    }

    /** The root above a group or command, with the options that apply to all. */
    static ClientRoot of(CommandSpec command) {
        for (CommandSpec spec = command; spec != null; spec = spec.parent()) {
            if (spec.userObject() instanceof ClientRoot client) {
                return client;
            }
        }
        throw new IllegalStateException(command.qualifiedName() + " is not below 'client'");
    }

    /** A group names its commands when called without one. */
    abstract static class Group implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "name a command: " + String.join(", ", spec.subcommands().keySet()));
        }
    }
}
