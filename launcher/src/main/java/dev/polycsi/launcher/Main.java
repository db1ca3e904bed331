package dev.polycsi.launcher;

import dev.polycsi.core.plugin.PluginException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code polycsi controller | node | all | backends | version}. */
@Command(name = "polycsi",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "One CSI driver for Amazon EBS, EFS, FSx and File Cache, with pluggable backends.",
        subcommands = {
            ServeCommand.Controller.class,
            ServeCommand.Node.class,
            ServeCommand.All.class,
            BackendsCommand.class,
            VersionCommand.class,
            SimulatorCommand.class,
            dev.polycsi.launcher.client.ClientCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.routeJavaUtilLogging();
        // Guice's runtime bytecode generation uses Unsafe, which JDK 25 warns about; it is not needed.
        System.setProperty("guice_bytecode_gen_option", "DISABLED");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportFailure);
    }

    /** A start that cannot go on says why in one line; only a bug gets a stack trace. */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Throwable cause = failure;
        while (cause instanceof com.google.inject.ProvisionException || cause instanceof com.google.inject.CreationException) {
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof PluginException || cause instanceof IllegalArgumentException || cause instanceof java.io.IOException) {
            commandLine.getErr().println("polycsi: " + cause.getMessage());
        } else {
            commandLine.getErr().println("polycsi: unexpected failure");
            cause.printStackTrace(commandLine.getErr());
        }
        return 1;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: controller, node, all, backends or version");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"polycsi " + Version.current()};
        }
    }
}
