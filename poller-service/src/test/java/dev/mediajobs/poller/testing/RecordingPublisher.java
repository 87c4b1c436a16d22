package dev.mediajobs.poller.testing;

import dev.mediajobs.common.Job;
import dev.mediajobs.poller.poll.TransitionPublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records published snapshots instead of sending them to Kafka; can be told to fail like an unreachable broker. */
public final class RecordingPublisher implements TransitionPublisher {

    private final List<Job> published = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public void publish(Job next) {
        if (failing) {
            throw new IllegalStateException("could not publish job " + next.id() + " (simulated Kafka outage)");
        }
        published.add(next);
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    public List<Job> of(String jobId) {
        return published.stream().filter(j -> j.id().equals(jobId)).toList();
    }
}
