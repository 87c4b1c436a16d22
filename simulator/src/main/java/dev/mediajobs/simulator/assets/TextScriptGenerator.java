package dev.mediajobs.simulator.assets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The "text": a short screenplay-like script built from seeded phrases around the prompt. */
final class TextScriptGenerator implements AssetGenerator {

    private static final List<String> PLACES = List.of("A ROOFTOP GARDEN", "AN EMPTY TRAIN STATION", "A LIGHTHOUSE",
            "A NIGHT MARKET", "A RESEARCH VESSEL", "A MOUNTAIN CABIN");
    private static final List<String> TIMES = List.of("DAWN", "NOON", "DUSK", "NIGHT");
    private static final List<String> NAMES = List.of("MARA", "THEO", "IKEDA", "SOL", "WREN", "OKAFOR");
    private static final List<String> BEATS = List.of(
            "A long silence. Somewhere, a kettle begins to whistle.",
            "Wind moves through the scene as if it had somewhere to be.",
            "The lights flicker once, then hold steady.",
            "A distant bell counts out an hour nobody asked for.",
            "Rain starts, hesitant, then certain.");
    private static final List<String> LINES = List.of(
            "We were told this would be simple.",
            "Then let's make it beautiful instead.",
            "Do you hear that? It sounds like the beginning of something.",
            "Keep the camera rolling. Whatever happens next, we keep it.",
            "Nobody remembers the plan. Everybody remembers the ending.");

    @Override
    public GeneratedAsset generate(long seed, String prompt) {
        Random random = new Random(seed);
        List<String> names = shuffled(random, NAMES);
        List<String> lines = shuffled(random, LINES);
        String script = """
                SIMULATED SCRIPT
                Prompt: %s

                INT. %s - %s

                %s

                %s
                %s

                %s
                %s

                FADE OUT.
                """.formatted(prompt == null || prompt.isBlank() ? "(none)" : prompt.strip(),
                pick(random, PLACES), pick(random, TIMES), pick(random, BEATS),
                names.get(0), lines.get(0), names.get(1), lines.get(1));
        return new GeneratedAsset("text/plain; charset=utf-8", script.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> shuffled(Random random, List<String> options) {
        List<String> copy = new ArrayList<>(options);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static String pick(Random random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
