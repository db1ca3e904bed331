package dev.polycsi.launcher;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code polycsi simulator}: the AWS simulator alone, for tools and drivers started elsewhere. */
@Command(name = "simulator", description = "Run the AWS simulator (EC2, EFS, IMDS) on a loopback port and print its endpoint.")
final class SimulatorCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--port", defaultValue = "0", description = "The loopback port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--log-level", defaultValue = "info", description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Mixin
    SimulatorOptions options;

    @Override
    public Integer call() throws Exception {
        Logging.configure(Logging.Format.text, logLevel);
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> stop.countDown());
        }
        try (EmbeddedSimulator simulator = EmbeddedSimulator.start(options, port)) {
            System.out.println(simulator.endpoint());
            System.out.flush();
            stop.await();
        }
        return 0;
    }
}
