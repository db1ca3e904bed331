package dev.polycsi.bench;

/**
 * The floor under the node's footprint that the JVM itself sets: a main that prints one line (what
 * the benchmark waits for) and sleeps until SIGTERM, with the node's flags. Nothing but the JDK's
 * own start-up is loaded.
 */
public final class JvmFloor {

    static final String READY_LINE = "jvm floor up";

    private JvmFloor() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println(READY_LINE);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
