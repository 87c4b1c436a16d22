package dev.mediajobs.providers.kie;

import dev.mediajobs.common.Operation;

/**
 * Veo's and Runway's "Extend Video": {@code {taskId, prompt, ...}} continuing an earlier task of the same family.
 * A job asks for it with {@code options.extendTaskId} (Kie's task id, or our {@code family:id} form) as a
 * text-to-video job (the prompt says how to go on) or a video-to-video job (its input URL, which the neutral request
 * requires, is then only informative: Kie extends by task id).
 */
final class KieExtension {

    private KieExtension() {
    }

    static boolean requested(KieJob job) {
        return job.hasOption(KieJob.EXTEND_OPTION);
    }

    static void check(KieJob job, KieChecks checks, String family) {
        String field = "options." + KieJob.EXTEND_OPTION;
        if (requested(job)) {
            if (!(job.option(KieJob.EXTEND_OPTION) instanceof String id) || id.isBlank()) {
                checks.invalid(field, field + " must be the Kie task id of the " + family + " video to extend");
            }
            if (job.operation() == Operation.IMAGE_TO_VIDEO) {
                checks.invalid(field, family + " extends a video from a prompt: use text-to-video or video-to-video");
            }
        } else if (job.operation() == Operation.VIDEO_TO_VIDEO) {
            checks.required(field, family + " does video-to-video only by extending an earlier task: set " + field);
        }
    }
}
