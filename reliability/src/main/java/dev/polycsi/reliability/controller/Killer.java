package dev.polycsi.reliability.controller;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills the controller with SIGKILL at random moments and starts it again: mostly a random time
 * after it became ready, sometimes while it is still starting. Stops after its number of kills.
 */
final class Killer implements Runnable {

    /** One kill in this many strikes a controller that is still starting. */
    private static final int DURING_START_ONE_IN = 8;

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
                Thread.sleep(1 + random.nextLong(maxUptime.toMillis()));
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
