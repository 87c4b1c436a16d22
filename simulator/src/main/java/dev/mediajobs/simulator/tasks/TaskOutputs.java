package dev.mediajobs.simulator.tasks;

import dev.mediajobs.common.Hashing;
import dev.mediajobs.simulator.assets.AssetCache;
import dev.mediajobs.simulator.assets.AssetGenerators;
import dev.mediajobs.simulator.assets.GeneratedAsset;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * The outputs of succeeded tasks. Each task has one output, generated the first time anyone looks at the succeeded
 * task; its SHA-256 and size are kept with the task, its bytes in the bounded {@link AssetCache}.
 */
public final class TaskOutputs {

    private static final System.Logger LOG = System.getLogger(TaskOutputs.class.getName());

    private final AssetCache cache;

    public TaskOutputs(AssetCache cache) {
        this.cache = cache;
    }

    /** The outputs' descriptions, generating the bytes once on first call. Only for succeeded tasks. */
    public List<OutputInfo> describe(SimulatedTask task) {
        synchronized (task) {
            if (task.outputs() == null) {
                GeneratedAsset asset = generate(task);
                cache.put(key(task, 0), asset.bytes());
                task.setOutputs(List.of(new OutputInfo(asset.contentType(), Hashing.sha256Hex(asset.bytes()), asset.bytes().length)));
            }
            return task.outputs();
        }
    }

    /** The bytes of one output of a succeeded task, or empty when there is no such output. */
    public Optional<byte[]> bytes(SimulatedTask task, int index) {
        List<OutputInfo> outputs = describe(task);
        if (index < 0 || index >= outputs.size()) {
            return Optional.empty();
        }
        return Optional.of(cache.get(key(task, index)).orElseGet(() -> regenerate(task, index, outputs.get(index))));
    }

    /** Frees the bytes of a task the store has forgotten. */
    public void forget(SimulatedTask task) {
        cache.removeByPrefix(task.id() + "/");
    }

    private byte[] regenerate(SimulatedTask task, int index, OutputInfo expected) {
        byte[] bytes = generate(task).bytes();
        if (!Hashing.sha256Hex(bytes).equals(expected.sha256())) {
            // a generator lost its determinism: serve the bytes anyway, the client's checksum check will catch it
            LOG.log(Level.WARNING, "task {0}: regenerated output {1} differs from the published SHA-256", task.id(), index);
        }
        cache.put(key(task, index), bytes);
        return bytes;
    }

    private static GeneratedAsset generate(SimulatedTask task) {
        return AssetGenerators.forOperation(task.operation()).generate(AssetGenerators.seedOf(task.id()), task.prompt());
    }

    private static String key(SimulatedTask task, int index) {
        return task.id() + "/" + index;
    }
}
