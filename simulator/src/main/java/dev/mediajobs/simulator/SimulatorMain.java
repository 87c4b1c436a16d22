package dev.mediajobs.simulator;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mediajobs-simulator-exec.jar --port=8090 --api-key=...}: runs the simulator until the process is
 * stopped. Options and their environment variables: {@link SimulatorConfig#usage()}.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // image encoding must never look for a display, even where DISPLAY happens to be set
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s %3$s - %5$s%6$s%n");
        }
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(SimulatorConfig.usage());
            return;
        }
        SimulatorConfig config;
        try {
            config = SimulatorConfig.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage());
            System.err.println(SimulatorConfig.usage());
            System.exit(2);
            return;
        }
        SimulatorServer server = SimulatorServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
    }
}
