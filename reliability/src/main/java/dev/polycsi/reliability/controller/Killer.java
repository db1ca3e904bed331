package dev.polycsi.reliability.controller;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills the controller with SIGKILL at random moments and starts it again: mostly a random time
 * up to {@code maxUptime} after it became ready, sometimes while it is still starting. One life in
 * five lasts one to three times {@code maxUptime}: work that takes longer than most lives (EBS
 * merges a volume's resize requests for 2 s before calling ModifyVolume) must get a chance to
 * finish, as it does between real crashes. Stops after its number of kills.
 */
final class Killer implements Runnable {

    /** One kill in this many strikes a controller that is still starting. */
    private static final int DURING_START_ONE_IN = 8;
    private static final int LONG_LIFE_ONE_IN = 5;

    private final Controllers controllers;
    private final int kills;
    private final Duration maxUptime;
    private final Random random;
    private final AtomicInteger done = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile boolean cancelled;

    Killer(Controllers controllers, int kills, Duration maxUptime, Random random) {
        this.controllers = controllers;
        this.kills = kills;
        this.maxUptime = maxUptime;
        this.random = random;
    }

    @Override
    public void run() {
        try {
            while (done.get() < kills && !cancelled) {
                long max = maxUptime.toMillis();
                Thread.sleep(random.nextInt(LONG_LIFE_ONE_IN) == 0 ? max + random.nextLong(2 * max) : 1 + random.nextLong(max));
                controllers.kill();
                done.incrementAndGet();
                controllers.spawn();
                if (random.nextInt(DURING_START_ONE_IN) == 0 && done.get() < kills) {
                    // killed again before it could answer: its start-up is a moment like any other
                    Thread.sleep(random.nextLong(1500));
                    controllers.kill();
                    done.incrementAndGet();
                    controllers.spawn();
                }
                controllers.awaitReady();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
        } finally {
            finished.countDown();
        }
    }

    void cancel() {
        cancelled = true;
    }

    boolean finished() {
        return finished.getCount() == 0;
    }

    void await() throws InterruptedException {
        finished.await();
    }

    int kills() {
        return done.get();
    }

    Throwable failure() {
        return failure;
    }
}
