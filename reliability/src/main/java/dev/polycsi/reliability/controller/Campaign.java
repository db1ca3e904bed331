package dev.polycsi.reliability.controller;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the workload through CSI against {@code polycsi controller} and a simulator of their own,
 * with the settings' knobs, pulses and kills, then checks the simulator's inventory.
 */
public final class Campaign {

    private final CampaignSettings settings;
    private final PrintStream progress;

    public Campaign(CampaignSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public CampaignResult run() throws Exception {
        Files.createDirectories(settings.workDir());
        long started = System.nanoTime();
        Random random = new Random(settings.seed());
        Ledger ledger = new Ledger();
        CallStats stats = new CallStats();
        Findings findings = new Findings();
        try (SimulatorProcess simulator = SimulatorProcess.start(settings.workDir().resolve("simulator"));
                Inventory inventory = new Inventory(simulator.endpoint());
                Controllers controllers = new Controllers(settings.workDir(), simulator, settings.backends(), settings.callDeadline())) {
            try {
                return run(simulator, inventory, controllers, started, random, ledger, stats, findings);
            } finally {
                controllers.close();
                simulator.resetKnobs();
                inventory.detachAll(Duration.ofSeconds(30));
            }
        }
    }

    private CampaignResult run(SimulatorProcess simulator, Inventory inventory, Controllers controllers, long started, Random random,
            Ledger ledger, CallStats stats, Findings findings) throws Exception {
        Set<String> fixtures = inventory.read().stream().map(Verdict::fixtureKey).collect(Collectors.toSet());
        simulator.knobs(settings.knobs());
        controllers.start();
        Map<String, long[]> countersBefore = simulator.counters();

        progress.printf("%s: simulator at %s, controller ready, work in %s%n", settings.name(), simulator.endpoint(), settings.workDir());
        Killer killer = new Killer(controllers, settings.kills(), settings.maxUptime(), new Random(random.nextLong()));
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("campaign-", 0).factory());
        Future<?> killing = settings.kills() > 0 ? threads.submit(killer) : null;
        Pulser pulser = new Pulser(simulator, settings.knobs(), settings.pulse(), new Random(random.nextLong()));
        Future<?> pulsing = settings.pulse().knobs().isEmpty() ? null : threads.submit(pulser);

        Sidecar sidecar = new Sidecar(controllers, stats, findings, settings.documented(), settings.giveUpAfter(),
                new Random(random.nextLong()));
        Operations operations = new Operations(sidecar, ledger);
        String prefix = Long.toHexString(random.nextLong() & 0xffffffL);
        List<Lane> lanes = new ArrayList<>();
        for (String backend : settings.backends()) {
            for (int i = 0; i < settings.lanesPerBackend(); i++) {
                lanes.add(new Lane(prefix, i, Scenario.of(backend), operations, settings.cycles(),
                        () -> killing != null && !killer.finished()));
            }
        }
        List<Future<?>> running = lanes.stream().<Future<?>>map(threads::submit).toList();
        try {
            for (Future<?> lane : running) {
                lane.get();
            }
        } finally {
            killer.cancel();
            pulser.stop();
            if (killing != null) {
                killing.get(2, TimeUnit.MINUTES);
            }
            if (pulsing != null) {
                pulsing.get(1, TimeUnit.MINUTES);
            }
            threads.shutdownNow();
        }
        if (killer.failure() != null) {
            throw new IllegalStateException("the killer failed after " + killer.kills() + " kills", killer.failure());
        }
        Map<String, long[]> aws = SimulatorProcess.since(countersBefore, simulator.counters());
        simulator.resetKnobs();
        Duration time = Duration.ofNanos(System.nanoTime() - started);
        Verdict verdict = Verdict.of(ledger, inventory.read(), fixtures);
        long[] totals = SimulatorProcess.totals(aws);
        int cycles = lanes.stream().mapToInt(Lane::cyclesDone).sum();
        return new CampaignResult(settings.name(), killer.kills(), controllers.lives(), stats.operations(), stats.calls(), stats.retries(),
                stats.codes(), stats.operationsByName(), totals[0], totals[1], totals[2], totals[3], time, verdict, findings.wrongCodes(),
                findings.hangs(), cycles);
    }

    /**
     * Switches the pulse's knobs on and off until stopped, the run's own knobs staying set. The
     * time off varies from half to one and a half times the pulse's, so that retries do not fall
     * into step with it (a retry that always lands in the pulse would never succeed).
     */
    private static final class Pulser implements Runnable {
        private final SimulatorProcess simulator;
        private final List<String> base;
        private final CampaignSettings.Pulse pulse;
        private final Random random;
        private volatile boolean stopped;

        Pulser(SimulatorProcess simulator, List<String> base, CampaignSettings.Pulse pulse, Random random) {
            this.simulator = simulator;
            this.base = base;
            this.pulse = pulse;
            this.random = random;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    simulator.knobs(pulse.knobs());
                    sleepUnlessStopped(pulse.on());
                    simulator.resetKnobs();
                    simulator.knobs(base);
                    sleepUnlessStopped(pulse.off().dividedBy(2).plusMillis(random.nextLong(pulse.off().toMillis() + 1)));
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot switch knobs " + pulse.knobs(), e);
            }
        }

        private void sleepUnlessStopped(Duration duration) throws InterruptedException {
            long end = System.nanoTime() + duration.toNanos();
            while (!stopped && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        }

        void stop() {
            stopped = true;
        }
    }
}
