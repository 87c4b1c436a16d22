package dev.mediajobs.e2e.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child processes of one test class. Every one of them ends when the group is closed, and also when the test JVM
 * exits without closing it (a shutdown hook kills what is left), so that no service outlives its test and keeps
 * consuming from the shared broker.
 */
public final class ServiceProcesses implements AutoCloseable {

    private final Path logDirectory;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Thread killOnExit = new Thread(this::killAll, "service-processes-kill");

    /** @param logDirectory where each process writes {@code <name>.log} */
    public ServiceProcesses(Path logDirectory) {
        this.logDirectory = logDirectory;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Where test logs go: {@code target/process-logs/<test>} of the module under test. */
    public static Path logDirectoryFor(Class<?> testClass) {
        return Path.of(System.getProperty("basedir", "."), "target", "process-logs", testClass.getSimpleName());
    }

    /** Launches without waiting; {@link #awaitReady(Duration)} waits for all started so far. */
    public synchronized ServiceProcess start(String name, Class<?> mainClass, Map<String, Object> properties) {
        ServiceProcess process = ServiceProcess.start(name, mainClass, properties, logDirectory);
        processes.add(process);
        return process;
    }

    /** Waits for every process to be healthy; they start in parallel, so this takes as long as the slowest. */
    public void awaitReady(Duration atMost) {
        for (ServiceProcess process : list()) {
            process.awaitReady(atMost);
        }
    }

    public synchronized List<ServiceProcess> list() {
        return List.copyOf(processes);
    }

    /** The tail of every process's log, for a failed test's output. */
    public String logTails(int linesEach) {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess process : list()) {
            out.append("===== ").append(process).append(process.isAlive() ? "" : " (not running)")
                    .append(", last ").append(linesEach).append(" lines of ").append(process.log()).append(" =====\n")
                    .append(process.logTail(linesEach)).append('\n');
        }
        return out.toString();
    }

    /** Stops all gracefully and at once (each is killed if it does not stop in time). */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess process : list()) {
            stopping.add(Thread.ofVirtual().name("stop-" + process.name()).start(process::close));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the JVM is shutting down and runs the hook anyway
        }
    }

    private void killAll() {
        for (ServiceProcess process : list()) {
            if (process.isAlive()) {
                process.kill();
            }
        }
    }
}
