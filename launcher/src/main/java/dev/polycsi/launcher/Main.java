package dev.polycsi.launcher;

import dev.polycsi.core.plugin.PluginException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code polycsi controller | node | all | pre-stop | backends | version}. */
@Command(name = "polycsi",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "One CSI driver for Amazon EBS, EFS, FSx and File Cache, with pluggable backends.")
public final class Main implements Runnable {

    /** When main started: the start of the driver's own start-up, as its log reports it. */
    static final long STARTED = System.nanoTime();

    /** gRPC's shaded Netty (and gRPC's own allocator choice) read io.netty.* properties under this prefix. */
    private static final String NETTY = "io.grpc.netty.shaded.io.netty.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.routeJavaUtilLogging();
        // Guice's runtime bytecode generation uses Unsafe, which JDK 25 warns about; it is not needed.
        System.setProperty("guice_bytecode_gen_option", "DISABLED");
        // Netty's allocator events would register with JFR and build its event metadata: about
        // 5 MiB of heap and metaspace in every process, for a recording nobody has started.
        defaultProperty(NETTY + "jfr.enabled", "false");
        // CSI calls are few and small: pooled arenas would hold memory (2-3 MiB) for no gain.
        defaultProperty(NETTY + "allocator.type", "unpooled");
        System.exit(commandLine(args).execute(args));
    }

    /** A -D on the command line wins. */
    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** Every command, for help, the client and tests (deploy-tests parse the manifests' arguments with it). */
    public static CommandLine commandLine() {
        return configure(withSubcommands(new CommandLine(new Main()), allSubcommands()));
    }

    /**
     * Only the command {@code args} names when it is one a pod runs: picocli reflects on every
     * command it is given (the client alone has dozens), and its classes, built for Java 5, are
     * outside the AOT cache; a node that builds only {@code node} is ready about 0.2 s sooner.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length == 0) {
            return commandLine();
        }
        Optional<Object> serve = switch (args[0]) {
            case "node" -> Optional.of(new ServeCommand.Node());
            case "controller" -> Optional.of(new ServeCommand.Controller());
            case "all" -> Optional.of(new ServeCommand.All());
            case "node-ready" -> Optional.of(new KubeCommands.NodeReady());
            case "pre-stop" -> Optional.of(new KubeCommands.PreStopHook());
            default -> Optional.empty();
        };
        return serve.map(command -> configure(withSubcommands(new CommandLine(new Main()), List.of(command))))
                .orElseGet(Main::commandLine);
    }

    private static List<Object> allSubcommands() {
        return List.of(new ServeCommand.Controller(), new ServeCommand.Node(), new ServeCommand.All(), new KubeCommands.PreStopHook(),
                new KubeCommands.NodeReady(), new BackendsCommand(),
                new VersionCommand(), new SimulatorCommand(), new dev.polycsi.launcher.client.ClientCommand(),
                new CommandLine.HelpCommand());
    }

    private static CommandLine withSubcommands(CommandLine root, List<Object> subcommands) {
        subcommands.forEach(root::addSubcommand);
        return root;
    }

    private static CommandLine configure(CommandLine root) {
        return root.setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::reportUsageError)
                .setExecutionExceptionHandler(Main::reportFailure);
    }

    /** A bad flag says what is wrong and where the flags are described, not the whole usage of the command. */
    private static int reportUsageError(CommandLine.ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("polycsi: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A start that cannot go on says why in one line; only a bug gets a stack trace. */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        // DriverProcess has already taken the errors of the start out of Guice's wrappers.
        if (failure instanceof PluginException || failure instanceof IllegalArgumentException) {
            commandLine.getErr().println("polycsi: " + failure.getMessage());
        } else if (failure instanceof IOException io) {
            commandLine.getErr().println("polycsi: " + describe(io));
        } else {
            commandLine.getErr().println("polycsi: unexpected failure");
            failure.printStackTrace(commandLine.getErr());
        }
        return 1;
    }

    /** A file error's message is often the bare path; this says what happened to which file. */
    static String describe(IOException error) {
        return error instanceof FileSystemException e && e.getFile() != null ? e.getFile() + ": " + reason(error) : reason(error);
    }

    /** What happened, without the file. */
    static String reason(IOException error) {
        return switch (error) {
            case NoSuchFileException _ -> "no such file or directory";
            case AccessDeniedException _ -> "permission denied";
            case FileSystemException e when e.getReason() != null -> e.getReason();
            default -> String.valueOf(error.getMessage());
        };
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
